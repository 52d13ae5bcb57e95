using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Metrics;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Metrics;

/// <summary>Two 2-D Gaussians: means and covariances L·Lᵀ from lower-triangular factors with positive diagonals.</summary>
public sealed record GaussianPair(double[] MeanA, double[] FactorA, double[] MeanB, double[] FactorB, int Seed)
{
    public static Tensor Covariance(double[] factor)
    {
        var l = tensor(new[] { factor[0], 0, factor[1], factor[2] }, float64).reshape(2, 2);
        return l.matmul(l.t());
    }
}

public static class GaussianPairs
{
    static Gen<double> Between(double low, double high) => Gen.Choose(0, 10_000).Select(i => low + (high - low) * i / 10_000);

    static Gen<double[]> Factor => from d1 in Between(0.2, 3) from off in Between(-2, 2) from d2 in Between(0.2, 3) select new[] { d1, off, d2 };

    public static Arbitrary<GaussianPair> Pairs() =>
        (from meanA in Between(-5, 5).ArrayOf(2)
         from factorA in Factor
         from meanB in Between(-5, 5).ArrayOf(2)
         from factorB in Factor
         from seed in Gen.Choose(0, int.MaxValue)
         select new GaussianPair(meanA, factorA, meanB, factorB, seed)).ToArbitrary();
}

[Properties(MaxTest = 40, Arbitrary = [typeof(GaussianPairs)])]
public sealed class FrechetDistanceTests
{
    /// <summary>Samples whose sample mean and unbiased covariance are exactly <paramref name="mean"/> and L·Lᵀ.</summary>
    static Tensor WithMoments(int seed, int count, Tensor mean, Tensor factor)
    {
        var x = Normal(seed, float64, count, mean.size(0));
        var centred = x - x.mean([0]);
        var whitening = linalg.cholesky(centred.t().matmul(centred) / (count - 1));
        var white = linalg.solve_triangular(whitening, centred.t(), upper: false).t();   // covariance I exactly
        return white.matmul(factor.t()) + mean;
    }

    [Fact]
    public void Identical_sets_are_at_distance_zero()
    {
        var features = Normal(1, float32, 200, 16);

        Assert.Equal(0, FrechetDistance.Compute(features, features.clone()), 1e-6);
    }

    [Fact]
    public void Shifted_means_only_give_the_squared_shift()
    {
        var a = Normal(2, float64, 300, 8);
        var shift = Normal(3, float64, 8);

        Assert.Equal(shift.square().sum().item<double>(), FrechetDistance.Compute(a, a + shift), 1e-9);
    }

    [Fact]
    public void Diagonal_covariances_give_the_sum_of_squared_differences_of_standard_deviations()
    {
        var (sdA, sdB) = (tensor(new[] { 1.0, 2, 0.5, 3 }, float64), tensor(new[] { 2.0, 2, 1.5, 0.1 }, float64));
        var (meanA, meanB) = (tensor(new[] { 0.0, 1, 2, 3 }, float64), tensor(new[] { 1.0, 1, 0, 3 }, float64));
        var a = WithMoments(4, 500, meanA, diag(sdA));
        var b = WithMoments(5, 400, meanB, diag(sdB));

        var expected = (meanA - meanB).square().sum() + (sdA - sdB).square().sum();
        Assert.Equal(expected.item<double>(), FrechetDistance.Compute(a, b), 1e-8);
    }

    /// <summary>In 2-D, Tr √M = √(Tr M + 2√det M) for M = Σa Σb, whose eigenvalues are positive: a closed form independent of eigh.</summary>
    [Property]
    public void Matches_the_two_dimensional_closed_form(GaussianPair pair)
    {
        var (covA, covB) = (GaussianPair.Covariance(pair.FactorA), GaussianPair.Covariance(pair.FactorB));
        var (meanA, meanB) = (tensor(pair.MeanA, float64), tensor(pair.MeanB, float64));
        var a = WithMoments(pair.Seed, 50, meanA, linalg.cholesky(covA));
        var b = WithMoments(pair.Seed + 1, 60, meanB, linalg.cholesky(covB));

        var product = covA.matmul(covB);
        var traceRoot = Math.Sqrt(product.trace().item<double>() + 2 * Math.Sqrt(linalg.det(product).item<double>()));
        var expected = (meanA - meanB).square().sum().item<double>() + covA.trace().item<double>() + covB.trace().item<double>() - 2 * traceRoot;

        Assert.True(Approximately.Equal(FrechetDistance.Compute(a, b), Math.Max(0, expected), 1e-7),
            $"FD {FrechetDistance.Compute(a, b)} vs closed form {expected}");
    }

    [Property]
    public void Is_symmetric_and_not_negative(GaussianPair pair)
    {
        var a = Normal(pair.Seed, float64, 30, 2) .matmul(GaussianPair.Covariance(pair.FactorA)) + tensor(pair.MeanA, float64);
        var b = Normal(pair.Seed + 1, float64, 40, 2).matmul(GaussianPair.Covariance(pair.FactorB)) + tensor(pair.MeanB, float64);

        var (ab, ba) = (FrechetDistance.Compute(a, b), FrechetDistance.Compute(b, a));

        Assert.True(ab >= 0, $"FD {ab} < 0");
        Assert.True(Approximately.Equal(ab, ba, 1e-8), $"FD(a, b) = {ab}, FD(b, a) = {ba}");
    }

    [Fact]
    public void Too_few_samples_or_mismatched_features_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(zeros(1, 3), zeros(5, 3)));
        Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(zeros(5, 3), zeros(5, 4)));
    }
}
