using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// Reconstruction losses for paired translation. pix2pix (Isola et al. 2017) adds λ·L1 to the
/// adversarial loss (L1 blurs less than L2); the perceptual loss (Johnson et al. 2016) compares
/// features of a fixed network instead of pixels.
/// </summary>
public static class Reconstruction
{
    /// <summary>Mean absolute error.</summary>
    [Pure]
    public static Tensor L1(Tensor generated, Tensor target) => nn.functional.l1_loss(generated, target);

    /// <summary>Mean squared error.</summary>
    [Pure]
    public static Tensor L2(Tensor generated, Tensor target) => nn.functional.mse_loss(generated, target);

    /// <summary>
    /// Σᵢ wᵢ · mean((fᵢ − gᵢ)²) over feature maps taken at several layers: Johnson et al.'s feature
    /// reconstruction loss, the squared distance normalised by the map's size, per layer.
    /// Collect the features with <see cref="FeatureTaps.Collect"/> from a frozen network.
    /// </summary>
    [Pure]
    public static Tensor Perceptual(IReadOnlyList<Tensor> generatedFeatures, IReadOnlyList<Tensor> targetFeatures, IReadOnlyList<double> weights)
    {
        if (generatedFeatures.Count != targetFeatures.Count || generatedFeatures.Count != weights.Count)
            throw new ArgumentException($"Perceptual loss needs one weight per layer and as many target as generated features; got {generatedFeatures.Count} generated, {targetFeatures.Count} target, {weights.Count} weights.");
        if (generatedFeatures.Count == 0)
            throw new ArgumentException("Perceptual loss needs at least one feature layer.", nameof(generatedFeatures));
        return generatedFeatures
            .Select((generated, layer) => L2(generated, targetFeatures[layer]) * weights[layer])
            .Aggregate((sum, term) => sum + term);
    }
}
