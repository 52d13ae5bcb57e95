using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// The AC-GAN discriminator (Odena et al. 2017): shared features, a real/fake head (N, 1) and a
/// class head (N, classes) trained with <see cref="Functional.Tricks.AuxiliaryClassifier.Loss"/> on
/// both real and generated samples.
/// </summary>
public sealed class AuxiliaryClassifierDiscriminator : nn.Module<Tensor, (Tensor Logits, Tensor ClassLogits)>
{
    readonly nn.Module<Tensor, Tensor> features;
    readonly nn.Module<Tensor, Tensor> head;
    readonly nn.Module<Tensor, Tensor> classifier;

    public AuxiliaryClassifierDiscriminator(nn.Module<Tensor, Tensor> features, long featureSize, long classes, bool spectralNorm = false)
        : base(nameof(AuxiliaryClassifierDiscriminator))
    {
        this.features = features;
        head = spectralNorm ? SpectralNorm.Linear(featureSize, 1) : nn.Linear(featureSize, 1);
        classifier = spectralNorm ? SpectralNorm.Linear(featureSize, classes) : nn.Linear(featureSize, classes);
        RegisterComponents();
    }

    public override (Tensor Logits, Tensor ClassLogits) forward(Tensor input)
    {
        var h = features.call(input).flatten(1);
        return (head.call(h), classifier.call(h));
    }
}
