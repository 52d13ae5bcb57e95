using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// A class-conditional discriminator that sees the label as extra input (Mirza &amp; Osindero 2014):
/// body(input ++ embed(y)), the embedding concatenated along the last dimension of a (N, F) input or
/// as constant channel maps of an (N, C, H, W) one. The projection discriminator usually trains better.
/// </summary>
public sealed class LabelConcatDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> body;
    readonly Embedding embedding;

    public LabelConcatDiscriminator(nn.Module<Tensor, Tensor> body, long classes, long embeddingSize) : base(nameof(LabelConcatDiscriminator))
    {
        this.body = body;
        embedding = nn.Embedding(classes, embeddingSize);
        RegisterComponents();
    }

    /// <summary>The label embedding table, (classes, embeddingSize).</summary>
    public Embedding LabelEmbedding => embedding;

    public override Tensor forward(Tensor input, Tensor labels) =>
        body.call(LabelConditioning.Append(input, embedding.call(labels)));
}
