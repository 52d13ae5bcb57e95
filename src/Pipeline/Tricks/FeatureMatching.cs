using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// Feature matching (Salimans et al. 2016; pix2pixHD's discriminator feature loss, Wang et al.
/// 2018): the generated batch's discriminator features pulled towards the real batch's, layer by
/// layer. The real features are targets: the loss trains the generator, and the discriminator's
/// weights get no gradient from it (the generator's phase asks for the generator's only anyway).
/// </summary>
public static class FeatureMatching
{
    /// <summary>Σᵢ wᵢ · mean((gᵢ − rᵢ)²), the real features <c>rᵢ</c> detached (<see cref="Reconstruction.Perceptual"/>).</summary>
    [Pure]
    public static Tensor Loss(IReadOnlyList<Tensor> generatedFeatures, IReadOnlyList<Tensor> realFeatures, IReadOnlyList<double> weights) =>
        Reconstruction.Perceptual(generatedFeatures, realFeatures.Select(f => f.detach()).ToArray(), weights);
}
