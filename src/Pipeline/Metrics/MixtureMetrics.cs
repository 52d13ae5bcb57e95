using System.Diagnostics.Contracts;
using Functional.Data;
using static TorchSharp.torch;

namespace Functional.Metrics;

/// <summary>
/// The PacGAN protocol for 2-D mixtures (Lin et al. 2018): a sample is high quality when it lies
/// within 3σ of its nearest mode; a mode is covered when it is the nearest mode of at least one
/// high-quality sample; reverse KL is KL(high-quality mode histogram ‖ uniform) = ln k − entropy.
/// </summary>
public static class MixtureMetrics
{
    public const string ModesCovered = "modes";
    public const string HighQuality = "high_quality_pct";
    public const string ReverseKl = "reverse_kl";

    /// <summary>How many samples the protocol uses.</summary>
    public const int ProtocolSamples = 2500;

    [Pure]
    public static MetricSet Evaluate(Tensor samples, GaussianMixture mixture)
    {
        var (nearest, distance) = NearestModes(samples, mixture);
        var counts = new long[mixture.Modes];
        long good = 0;
        for (var i = 0; i < nearest.Length; i++)
        {
            if (!(distance[i] <= 3 * mixture.Sigma)) continue;   // NaN samples are never good
            counts[nearest[i]]++;
            good++;
        }
        return new MetricSet(
        [
            new Metric(ModesCovered, counts.Count(c => c > 0), HigherIsBetter: true),
            new Metric(HighQuality, nearest.Length == 0 ? 0 : 100.0 * good / nearest.Length, HigherIsBetter: true),
            new Metric(ReverseKl, ReverseKlToUniform(counts), HigherIsBetter: false),
        ]);
    }

    /// <summary>ln k − H(p) for the histogram <paramref name="counts"/>; ln k when it is empty (no good sample).</summary>
    [Pure]
    public static double ReverseKlToUniform(IReadOnlyList<long> counts)
    {
        var total = counts.Sum();
        var uniform = Math.Log(counts.Count);
        if (total == 0) return uniform;
        var entropy = 0.0;
        foreach (var c in counts)
        {
            if (c == 0) continue;
            var p = (double)c / total;
            entropy -= p * Math.Log(p);
        }
        return Math.Max(0, uniform - entropy);
    }

    static (int[] Nearest, double[] Distance) NearestModes(Tensor samples, GaussianMixture mixture)
    {
        using var scope = NewDisposeScope();
        var points = samples.detach().to(CPU).to_type(ScalarType.Float64);
        var means = mixture.MeansTensor().to_type(ScalarType.Float64);
        var distances = cdist(points, means);
        var (min, argmin) = distances.min(1);
        return (argmin.to_type(ScalarType.Int32).data<int>().ToArray(), min.data<double>().ToArray());
    }
}
