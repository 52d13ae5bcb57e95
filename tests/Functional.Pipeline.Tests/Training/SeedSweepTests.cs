using Functional.Metrics;
using Functional.Tests.TrickExperiments;
using Functional.Training;
using Functional.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

[Trait("Category", "Training")]
[Collection(GlobalGenerator.Name)]
public sealed class SeedSweepTests
{
    [Fact]
    public void Summarize_gives_the_mean_and_the_sample_standard_deviation_of_each_metric()
    {
        static MetricSet Run(double modes, double kl) => new([new Metric("modes", modes, true), new Metric("kl", kl, false)]);
        var summary = SeedSweep.Summarize([Run(8, 0.1), Run(6, 0.3), Run(7, 0.2)]);
        Assert.Equal(["modes", "kl"], summary.Select(s => s.Name));
        Assert.Equal(7, summary[0].Mean, 1e-12);
        Assert.Equal(1, summary[0].StandardDeviation, 1e-12);
        Assert.Equal(0.2, summary[1].Mean, 1e-12);
        Assert.Equal(0.1, summary[1].StandardDeviation, 1e-12);
        Assert.Equal(1 / Math.Sqrt(3), summary[0].StandardError, 1e-12);
        Assert.False(summary[1].HigherIsBetter);
    }

    [Fact]
    public void Summarize_of_one_run_has_no_spread_and_of_none_is_empty()
    {
        Assert.Equal(0, SeedSweep.Summarize([new MetricSet([new Metric("modes", 3, true)])])[0].StandardDeviation);
        Assert.Empty(SeedSweep.Summarize([]));
    }

    [Fact]
    public void A_sweep_trains_once_per_seed_and_replays_a_seed_exactly()
    {
        var options = new SweepOptions(Steps: 4, BatchSize: 16, MetricSamples: 100, CPU);
        var seen = new List<long>();
        var report = SeedSweep.Run(LazyR1.Definition, [3, 4, 3], options, run => seen.Add(run.Seed));
        Assert.Equal([3L, 4L, 3L], seen);
        Assert.Equal(report.Runs[0].Metrics.Select(m => m.Value), report.Runs[2].Metrics.Select(m => m.Value));
        Assert.Equal(3, report[MixtureMetrics.ModesCovered].Runs);
        Assert.Equal(report.Runs.Average(r => r.Metrics[MixtureMetrics.HighQuality]), report[MixtureMetrics.HighQuality].Mean, 1e-12);
    }
}
