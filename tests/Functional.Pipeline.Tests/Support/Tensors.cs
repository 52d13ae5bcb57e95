using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Support;

/// <summary>Seeded tensors and tolerant comparisons for the properties.</summary>
internal static class Tensors
{
    /// <summary>N(0, 1) samples from their own generator, so a failing case replays from its seed whatever else runs in parallel.</summary>
    public static Tensor Normal(int seed, ScalarType dtype, params long[] shape)
    {
        using var generator = new Generator((ulong)(uint)seed);
        return randn(shape, dtype, generator: generator);
    }

    public static Tensor Uniform(int seed, double low, double high, ScalarType dtype, params long[] shape)
    {
        using var generator = new Generator((ulong)(uint)seed);
        return rand(shape, dtype, generator: generator) * (high - low) + low;
    }

    public static Tensor Labels(int seed, long classes, long count)
    {
        using var generator = new Generator((ulong)(uint)seed);
        return randint(0, classes, [count], generator: generator);
    }

    /// <summary>A matrix U · diag(s) · Vᵀ with orthonormal U, V from QR of seeded Gaussians.</summary>
    public static Tensor WithSpectrum(Spectrum spectrum, ScalarType dtype)
    {
        var rank = Math.Min(spectrum.Rows, spectrum.Cols);
        var (left, _) = linalg.qr(Normal(spectrum.Seed, float64, spectrum.Rows, rank));
        var (right, _) = linalg.qr(Normal(spectrum.Seed + 1, float64, spectrum.Cols, rank));
        return left.matmul(diag(tensor(spectrum.SingularValues, float64))).matmul(right.t()).to_type(dtype);
    }

    /// <summary>A one-element tensor's value whatever its dtype (item&lt;double&gt; throws on float32).</summary>
    public static double Value(Tensor scalar) => scalar.to_type(float64).item<double>();

    public static double MaxAbsDifference(Tensor expected, Tensor actual) =>
        (expected.to_type(float64) - actual.to_type(float64)).abs().max().item<double>();

    public static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what = "tensors")
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = MaxAbsDifference(expected, actual);
        Assert.True(difference <= tolerance, $"{what} differ by {difference:G4} (tolerance {tolerance:G4})");
    }

    public static void AssertEqualExactly(Tensor expected, Tensor actual, string what = "tensors")
    {
        Assert.Equal(expected.shape, actual.shape);
        // TorchSharp's Tensor.equal is elementwise (torch.eq), unlike PyTorch's torch.equal.
        Assert.True(expected.eq(actual).all().item<bool>(), $"{what} differ by {MaxAbsDifference(expected, actual):G4}");
    }
}
