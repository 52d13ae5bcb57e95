using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Losses;

/// <summary>
/// LSGAN (Mao et al. 2017): squared error to the targets instead of cross-entropy, so fakes that are
/// classified correctly but lie far from the decision boundary still give the generator a gradient.
/// Uses the 0-1 coding (a = 0 fake, b = 1 real, c = 1 generator target).
/// </summary>
public static class LeastSquares
{
    /// <summary>0.5 mean (real - 1)² + 0.5 mean fake².</summary>
    [Pure]
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) =>
        0.5 * (realLogits - 1).square().mean() + 0.5 * fakeLogits.square().mean();

    /// <summary>0.5 mean (real - realTargets)² + 0.5 mean (fake - fakeTargets)²; for smoothed or flipped targets.</summary>
    [Pure]
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits, Tensor realTargets, Tensor fakeTargets) =>
        0.5 * (realLogits - realTargets).square().mean() + 0.5 * (fakeLogits - fakeTargets).square().mean();

    /// <summary>0.5 mean (fake - 1)².</summary>
    [Pure]
    public static Tensor Generator(Tensor fakeLogits) =>
        0.5 * (fakeLogits - 1).square().mean();
}
