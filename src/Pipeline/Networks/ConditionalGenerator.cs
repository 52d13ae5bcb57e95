using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// A class-conditional generator (Mirza &amp; Osindero 2014): body(cat(z, embed(y))). The body
/// takes latentSize + embeddingSize inputs (or channels, for (N, C, H, W) latents).
/// </summary>
public sealed class ConditionalGenerator : nn.Module<Tensor, Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> body;
    readonly Embedding embedding;

    public ConditionalGenerator(nn.Module<Tensor, Tensor> body, long classes, long embeddingSize) : base(nameof(ConditionalGenerator))
    {
        this.body = body;
        embedding = nn.Embedding(classes, embeddingSize);
        RegisterComponents();
    }

    /// <summary>The label embedding table, (classes, embeddingSize).</summary>
    public Embedding LabelEmbedding => embedding;

    public override Tensor forward(Tensor latent, Tensor labels) =>
        body.call(LabelConditioning.Append(latent, embedding.call(labels)));
}
