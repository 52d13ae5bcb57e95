using FsCheck;
using FsCheck.Xunit;
using Functional.Data;
using Functional.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Metrics;

/// <summary>Known answers of the PacGAN protocol on the ring of 8 (σ = 0.01).</summary>
public sealed class MixtureMetricsTests
{
    static readonly GaussianMixture Ring = GaussianMixture.Ring();
    static readonly double Ln8 = Math.Log(8);

    static Tensor Points(params (double X, double Y)[] points) =>
        tensor(points.SelectMany(p => new[] { (float)p.X, (float)p.Y }).ToArray(), [points.Length, 2]);

    /// <summary>A point <paramref name="sigmas"/>·σ away from ring mode <paramref name="mode"/>, in direction <paramref name="angle"/>.</summary>
    static (double X, double Y) Near(int mode, double sigmas, double angle = 0.3) =>
        (Ring.Means[mode, 0] + sigmas * Ring.Sigma * Math.Cos(angle), Ring.Means[mode, 1] + sigmas * Ring.Sigma * Math.Sin(angle));

    static (double Modes, double HighQuality, double ReverseKl) Evaluate(Tensor samples)
    {
        var metrics = MixtureMetrics.Evaluate(samples, Ring);
        return (metrics[MixtureMetrics.ModesCovered], metrics[MixtureMetrics.HighQuality], metrics[MixtureMetrics.ReverseKl]);
    }

    [Fact]
    public void Equal_counts_at_every_mean_cover_all_modes_perfectly()
    {
        using var scope = NewDisposeScope();
        var (modes, highQuality, reverseKl) = Evaluate(Ring.MeansTensor().repeat(40, 1));

        Assert.Equal(8, modes);
        Assert.Equal(100, highQuality);
        Assert.InRange(reverseKl, 0, 1e-9);
    }

    [Fact]
    public void Every_sample_at_one_mean_is_one_mode_at_full_quality_and_ln_8_reverse_KL()
    {
        using var scope = NewDisposeScope();
        var (modes, highQuality, reverseKl) = Evaluate(Points(Enumerable.Repeat(Near(3, 0), 50).ToArray()));

        Assert.Equal(1, modes);
        Assert.Equal(100, highQuality);
        Assert.Equal(Ln8, reverseKl, 1e-12);
    }

    [Fact]
    public void Samples_far_from_every_mode_cover_nothing()
    {
        using var scope = NewDisposeScope();
        var (modes, highQuality, reverseKl) = Evaluate(Points(Enumerable.Repeat((10.0, 10.0), 50).ToArray()));

        Assert.Equal(0, modes);
        Assert.Equal(0, highQuality);
        Assert.Equal(Ln8, reverseKl, 1e-12);
    }

    [Theory]
    [InlineData(2.9, true)]
    [InlineData(3.1, false)]
    public void A_sample_is_high_quality_within_3_sigma_of_its_mode(double sigmas, bool good)
    {
        using var scope = NewDisposeScope();
        var (modes, highQuality, _) = Evaluate(Points(Near(5, sigmas)));

        Assert.Equal(good ? 1 : 0, modes);
        Assert.Equal(good ? 100 : 0, highQuality);
    }

    [Property(MaxTest = 100)]
    public bool One_sample_is_high_quality_exactly_when_it_lies_within_3_sigma(byte mode, ushort angle, ushort distance, bool inside)
    {
        using var scope = NewDisposeScope();
        // Keep clear of 3σ itself by 0.01σ, so float32 rounding cannot decide the case.
        var sigmas = inside ? 2.99 * distance / ushort.MaxValue : 3.01 + 3.0 * distance / ushort.MaxValue;
        var point = Near(mode % 8, sigmas, 2 * Math.PI * angle / ushort.MaxValue);

        var (modes, highQuality, reverseKl) = Evaluate(Points(point));

        return modes == (inside ? 1 : 0)
            && highQuality == (inside ? 100 : 0)
            && Math.Abs(reverseKl - Ln8) < 1e-12;   // one mode, or none: ln 8 either way
    }

    [Fact]
    public void Not_a_number_is_never_high_quality()
    {
        using var scope = NewDisposeScope();
        var bad = new[] { (double.NaN, double.NaN), (double.NaN, 0.0), (1.0, double.NaN), (double.PositiveInfinity, 0.0), (0.0, double.NegativeInfinity) };
        var good = Enumerable.Range(0, 8).Select(i => Near(i, 0)).ToArray();

        Assert.Equal((0.0, 0.0, Ln8), Evaluate(Points(bad)));
        var (modes, highQuality, reverseKl) = Evaluate(Points([.. good, .. bad, .. bad[..3]]));
        Assert.Equal(8, modes);
        Assert.Equal(50, highQuality);
        Assert.InRange(reverseKl, 0, 1e-9);
    }

    [Fact]
    public void A_protocol_sized_batch_with_NaN_rows_counts_only_the_good_rows()
    {
        using var scope = NewDisposeScope();
        // 2500 rows: large enough that cdist takes its matrix-multiply path.
        var good = Ring.MeansTensor().repeat(250, 1);
        var bad = full([500, 2], float.NaN);

        var (modes, highQuality, reverseKl) = Evaluate(cat([good, bad], 0));

        Assert.Equal(8, modes);
        Assert.Equal(80, highQuality, 1e-12);
        Assert.InRange(reverseKl, 0, 1e-9);
    }

    [Fact]
    public void No_samples_is_no_modes_and_no_quality()
    {
        using var scope = NewDisposeScope();
        Assert.Equal((0.0, 0.0, Ln8), Evaluate(zeros([0, 2])));
    }

    [Fact]
    public void The_metrics_say_which_way_is_better()
    {
        using var scope = NewDisposeScope();
        var metrics = MixtureMetrics.Evaluate(Ring.MeansTensor(), Ring);

        Assert.Equal(
            [(MixtureMetrics.ModesCovered, true), (MixtureMetrics.HighQuality, true), (MixtureMetrics.ReverseKl, false)],
            metrics.Select(m => (m.Name, m.HigherIsBetter)));
    }

    [Property(MaxTest = 300)]
    public bool Reverse_KL_to_uniform_lies_between_0_and_ln_k(NonEmptyArray<NonNegativeInt> histogram)
    {
        var counts = histogram.Get.Select(c => (long)c.Get).ToArray();

        var kl = MixtureMetrics.ReverseKlToUniform(counts);

        return kl >= 0 && kl <= Math.Log(counts.Length) + 1e-12;
    }

    [Property(MaxTest = 100)]
    public bool Reverse_KL_is_0_for_equal_counts_and_ln_k_for_one_mode(PositiveInt modes, PositiveInt count, NonNegativeInt which)
    {
        var k = modes.Get % 50 + 1;
        var equal = Enumerable.Repeat((long)count.Get, k).ToArray();
        var single = new long[k];
        single[which.Get % k] = count.Get;

        return MixtureMetrics.ReverseKlToUniform(equal) <= 1e-12
            && Math.Abs(MixtureMetrics.ReverseKlToUniform(single) - Math.Log(k)) <= 1e-12;
    }
}
