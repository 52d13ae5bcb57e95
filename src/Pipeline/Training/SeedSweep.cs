using System.Diagnostics.Contracts;
using Functional.Data;
using Functional.Metrics;
using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>One metric over several runs: sample mean and sample standard deviation (n − 1; 0 for one run).</summary>
public readonly record struct MetricSummary(string Name, double Mean, double StandardDeviation, int Runs, bool HigherIsBetter)
{
    /// <summary>Standard deviation of the mean, σ/√n, the "±" some papers print instead of σ.</summary>
    public double StandardError => Runs > 0 ? StandardDeviation / Math.Sqrt(Runs) : double.NaN;

    public override string ToString() => $"{Name} {Mean:0.###} ± {StandardDeviation:0.###}";
}

/// <summary>The final metrics of one seed's run and how long it took (training and the final evaluation).</summary>
public sealed record SeedRun(long Seed, MetricSet Metrics, TimeSpan Elapsed);

/// <summary>Every seed's run, and each metric summarised over them.</summary>
public sealed record SweepReport(IReadOnlyList<SeedRun> Runs, IReadOnlyList<MetricSummary> Summary)
{
    public MetricSummary this[string metric] =>
        Summary.FirstOrDefault(s => s.Name == metric) is { Name: not null } found
            ? found
            : throw new KeyNotFoundException($"no metric '{metric}' (have: {string.Join(", ", Summary.Select(s => s.Name))})");

    /// <summary>Mean time of a run.</summary>
    public TimeSpan MeanElapsed => Runs.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Runs.Average(r => r.Elapsed.Ticks));
}

/// <summary>What a sweep trains: steps and batch size per run, the device, and how many samples the final evaluation draws.</summary>
public sealed record SweepOptions(long Steps, int BatchSize, int MetricSamples, Device Device);

/// <summary>
/// Trains one experiment once per seed, from scratch, and summarises its final metrics: the numbers
/// a benchmark table reports. Each run seeds the session (its initial weights and its own random
/// stream) and the data with its seed (as `train --seed` does), so a run replays exactly on the same machine.
/// </summary>
public static class SeedSweep
{
    public static SweepReport Run(ExperimentDefinition experiment, IEnumerable<long> seeds, SweepOptions options, Action<SeedRun>? onRun = null) =>
        Run(experiment.CreateSession,
            experiment.CreateData ?? throw new ArgumentException($"Experiment {experiment.Name} declares no [Data] source.", nameof(experiment)),
            seeds, options, onRun);

    /// <summary>The same for any session factory: an experiment's session with other hyperparameters, say.</summary>
    public static SweepReport Run(
        Func<SessionOptions, GanSession> createSession,
        Func<DataOptions, IBatchSource> createData,
        IEnumerable<long> seeds,
        SweepOptions options,
        Action<SeedRun>? onRun = null)
    {
        var runs = new List<SeedRun>();
        foreach (var seed in seeds)
        {
            var run = RunOne(createSession, createData, seed, options);
            runs.Add(run);
            onRun?.Invoke(run);
        }
        return new SweepReport(runs, Summarize(runs.Select(r => r.Metrics)));
    }

    static SeedRun RunOne(Func<SessionOptions, GanSession> createSession, Func<DataOptions, IBatchSource> createData, long seed, SweepOptions options) =>
        RunSeed(createSession, createData, seed, options)!;

    /// <summary>
    /// One seed's run from scratch, as <see cref="Run(ExperimentDefinition, IEnumerable{long}, SweepOptions, Action{SeedRun})"/>
    /// makes it: null when <paramref name="cancellation"/> stops it before its final evaluation.
    /// </summary>
    public static SeedRun? RunSeed(Func<SessionOptions, GanSession> createSession, Func<DataOptions, IBatchSource> createData,
        long seed, SweepOptions options, CancellationToken cancellation = default)
    {
        using var session = createSession(new SessionOptions(options.Device, seed));
        using var data = createData(new DataOptions(options.BatchSize, seed, options.Device));
        // The trainer evaluates once, after the last step.
        var report = Trainer.Train(session, data, new TrainingOptions(options.Steps, LogEvery: 0, EvaluationSamples: options.MetricSamples),
            cancellation: cancellation);
        return report.Cancelled ? null : new SeedRun(seed, report.Log[^1].Metrics ?? MetricSet.Empty, report.Elapsed);
    }

    /// <summary>Mean and sample standard deviation of each metric, in the order of the first run's metrics.</summary>
    [Pure]
    public static IReadOnlyList<MetricSummary> Summarize(IEnumerable<MetricSet> runs)
    {
        var all = runs.ToList();
        if (all.Count == 0) return [];
        return all[0].Select(metric =>
        {
            var values = all.Select(set => set[metric.Name]).ToArray();
            return new MetricSummary(metric.Name, values.Average(), StandardDeviation(values), values.Length, metric.HigherIsBetter);
        }).ToArray();
    }

    [Pure]
    static double StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
