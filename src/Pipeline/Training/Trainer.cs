using System.Diagnostics;
using Functional.Data;
using Functional.Metrics;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>How long to train and how often to report.</summary>
public sealed record TrainingOptions(long Steps, int LogEvery = 100, int EvaluateEvery = 0, int EvaluationSamples = 2500);

/// <summary>A report at a logging interval: losses averaged over it, metrics where evaluated.</summary>
public readonly record struct TrainingProgress(long Step, long TotalSteps, LossReading Losses, MetricSet? Metrics, double StepsPerSecond);

public sealed record TrainingReport(long StepsDone, TimeSpan Elapsed, bool Cancelled, IReadOnlyList<TrainingProgress> Log);

/// <summary>Runs a session's compiled step over a data source; all state lives in the session.</summary>
public static class Trainer
{
    /// <summary>Seeds torch's global generator, then builds the session, so that weights are reproducible.</summary>
    public static GanSession CreateSession(ExperimentDefinition experiment, SessionOptions options)
    {
        manual_seed(options.Seed);
        return experiment.CreateSession(options);
    }

    /// <summary>
    /// Whether <paramref name="data"/> fits the session's networks: one sample of it has the shape of
    /// one generated sample, and a conditional experiment gets labels of as many classes as it
    /// has. The error names both shapes or both class counts.
    /// </summary>
    public static Fin<Unit> CheckData(ExperimentDefinition experiment, GanSession session, IBatchSource data)
    {
        if (experiment.Classes > 0 && data.Classes != experiment.Classes)
            return Error.New(data.Classes == 0
                ? $"the data has no labels, and {experiment.Name} is conditional on {experiment.Classes} classes"
                : $"the data has {data.Classes} classes, and {experiment.Name} is conditional on {experiment.Classes}");
        if (!session.CanSample) return unit;
        using var scope = torch.NewDisposeScope();
        var generated = session.Sample(1).shape.Skip(1).ToArray();
        return generated.SequenceEqual(data.SampleShape)
            ? unit
            : Error.New($"the data's samples have shape [{string.Join(", ", data.SampleShape)}], and {experiment.Name}'s generator makes [{string.Join(", ", generated)}]");
    }

    public static TrainingReport Train(
        GanSession session,
        IBatchSource data,
        TrainingOptions options,
        Action<TrainingProgress>? onProgress = null,
        CancellationToken cancellation = default,
        Action<long>? afterStep = null)
    {
        var log = new List<TrainingProgress>();
        var clock = Stopwatch.StartNew();
        var intervalStart = clock.Elapsed;
        long intervalFirst = session.DiscriminatorSteps;
        var target = session.DiscriminatorSteps + options.Steps;
        while (session.DiscriminatorSteps < target)
        {
            if (cancellation.IsCancellationRequested)
                return new TrainingReport(options.Steps - (target - session.DiscriminatorSteps), clock.Elapsed, true, log);
            using (NewDisposeScope())
            {
                var batch = data.Next();
                session.Step(batch);
            }
            var step = session.DiscriminatorSteps;
            afterStep?.Invoke(step);
            var logNow = options.LogEvery > 0 && step % options.LogEvery == 0 || step == target;
            if (!logNow) continue;
            var evaluateNow = options.EvaluateEvery > 0 && step % options.EvaluateEvery == 0 || step == target;
            var metrics = evaluateNow ? Evaluate(session, options.EvaluationSamples) : null;
            var seconds = (clock.Elapsed - intervalStart).TotalSeconds;
            var progress = new TrainingProgress(step, target, session.Losses.Read(), metrics,
                seconds > 0 ? (step - intervalFirst) / seconds : 0);
            intervalStart = clock.Elapsed;
            intervalFirst = step;
            log.Add(progress);
            onProgress?.Invoke(progress);
        }
        return new TrainingReport(options.Steps, clock.Elapsed, false, log);
    }

    /// <summary>
    /// The experiment's metrics on <paramref name="samples"/> fresh samples (averaged generator by
    /// default); empty for a session that cannot sample on its own (a paired experiment).
    /// </summary>
    public static MetricSet Evaluate(GanSession session, int samples, bool averaged = true)
    {
        if (!session.CanSample) return MetricSet.Empty;
        using var scope = NewDisposeScope();
        return session.Evaluate(session.Sample(samples, averaged: averaged));
    }
}
