using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Metrics;

/// <summary>
/// The Fréchet distance between Gaussians fitted to two feature sets [N, D]:
/// ‖μa − μb‖² + Tr(Σa + Σb − 2(Σa Σb)^½), in float64. Tr (Σa Σb)^½ is computed as
/// Tr (Σa^½ Σb Σa^½)^½, a symmetric positive semi-definite matrix whose eigenvalues (from eigh,
/// negative round-off clamped to 0) have real square roots, where scipy's sqrtm of the
/// non-symmetric Σa Σb can return complex noise. This is FID's formula; on features from
/// <c>FeatureClassifier</c> it is a classifier-feature FD, not Inception FID.
/// </summary>
public static class FrechetDistance
{
    public const string Name = "classifier_fd";

    [Pure]
    public static double Compute(Tensor featuresA, Tensor featuresB)
    {
        using var scope = NewDisposeScope();
        var (a, b) = (AsMatrix(featuresA, nameof(featuresA)), AsMatrix(featuresB, nameof(featuresB)));
        if (a.size(1) != b.size(1))
            throw new ArgumentException($"feature sizes differ: {a.size(1)} and {b.size(1)}");
        var (meanA, covA) = Moments(a);
        var (meanB, covB) = Moments(b);
        var rootA = SymmetricSqrt(covA);
        var traceRoot = linalg.eigvalsh(Symmetric(rootA.matmul(covB).matmul(rootA))).clamp_min(0).sqrt().sum();
        var distance = (meanA - meanB).square().sum() + covA.trace() + covB.trace() - 2 * traceRoot;
        return Math.Max(0, distance.item<double>());   // ≥ 0 exactly; round-off can dip below
    }

    /// <summary>Mean and unbiased covariance (divisor N − 1, as numpy.cov).</summary>
    [Pure]
    public static (Tensor Mean, Tensor Covariance) Moments(Tensor features)
    {
        var mean = features.mean([0]);
        var centred = features - mean;
        return (mean, centred.t().matmul(centred) / (features.size(0) - 1));
    }

    /// <summary>The PSD square root of a symmetric matrix, by eigendecomposition with negative eigenvalues clamped.</summary>
    [Pure]
    public static Tensor SymmetricSqrt(Tensor matrix)
    {
        var (values, vectors) = linalg.eigh(Symmetric(matrix));
        return (vectors * values.clamp_min(0).sqrt()).matmul(vectors.t());
    }

    static Tensor Symmetric(Tensor m) => (m + m.t()) / 2;

    static Tensor AsMatrix(Tensor features, string name)
    {
        var matrix = features.detach().to(CPU).to_type(float64).flatten(1);
        if (matrix.size(0) < 2) throw new ArgumentException($"{name}: need at least 2 samples for a covariance, got {matrix.size(0)}");
        return matrix;
    }
}
