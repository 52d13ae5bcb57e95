using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// An unconditional discriminator: h = features(x), logits = ψ(h), a linear head on the features,
/// spectrally normalized when the features are. Logits are (N, 1). The conditional twin is
/// <see cref="ProjectionDiscriminator"/>, which adds ⟨embed(y), h⟩.
/// </summary>
public sealed class ImageDiscriminator : nn.Module<Tensor, Tensor>
{
    readonly nn.Module<Tensor, Tensor> features;
    readonly nn.Module<Tensor, Tensor> head;

    public ImageDiscriminator(nn.Module<Tensor, Tensor> features, long featureSize, bool spectralNorm = false) : base(nameof(ImageDiscriminator))
    {
        this.features = features;
        head = spectralNorm ? SpectralNorm.Linear(featureSize, 1) : nn.Linear(featureSize, 1);
        RegisterComponents();
    }

    /// <summary>ψ, the linear head (featureSize to 1).</summary>
    public nn.Module<Tensor, Tensor> Head => head;

    public override Tensor forward(Tensor input) => head.call(features.call(input).flatten(1));
}
