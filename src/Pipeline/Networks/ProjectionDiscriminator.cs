using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// The projection discriminator (Miyato &amp; Koyama 2018): h = features(x), logits = ψ(h) + ⟨embed(y), h⟩,
/// an unconditional head plus the inner product of the class embedding with the features. Logits are
/// (N, 1), like a plain linear head. With <c>spectralNorm</c> the head and the embedding are
/// spectrally normalized, as in SNGAN/BigGAN.
/// </summary>
public sealed class ProjectionDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> features;
    readonly nn.Module<Tensor, Tensor> head;
    readonly nn.Module<Tensor, Tensor> embedding;

    public ProjectionDiscriminator(nn.Module<Tensor, Tensor> features, long featureSize, long classes, bool spectralNorm = false)
        : base(nameof(ProjectionDiscriminator))
    {
        this.features = features;
        head = spectralNorm ? SpectralNorm.Linear(featureSize, 1) : nn.Linear(featureSize, 1);
        embedding = spectralNorm ? SpectralNorm.Embedding(classes, featureSize) : nn.Embedding(classes, featureSize);
        RegisterComponents();
    }

    /// <summary>ψ, the unconditional linear head (featureSize to 1).</summary>
    public nn.Module<Tensor, Tensor> Head => head;

    /// <summary>The class embedding table, (classes, featureSize).</summary>
    public nn.Module<Tensor, Tensor> ClassEmbedding => embedding;

    public override Tensor forward(Tensor input, Tensor labels)
    {
        var h = features.call(input).flatten(1);
        // keepdim: (N, 1) + (N, 1); without it (N, 1) + (N) would broadcast to (N, N).
        return head.call(h) + (embedding.call(labels) * h).sum(1, keepdim: true);
    }
}
