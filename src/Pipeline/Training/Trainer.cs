using System.Diagnostics;
using Functional.Data;
using Functional.Metrics;
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
    /// The experiment's metrics on <paramref name="samples"/> samples (averaged generator by
    /// default); empty for a session that cannot sample on its own (a paired experiment). The
    /// latents are the run's fixed noise, drawn on a <see cref="RandomFork"/>: every evaluation sees
    /// the same noise, and evaluating does not change the random numbers that training draws next.
    /// </summary>
    public static MetricSet Evaluate(GanSession session, int samples, bool averaged = true)
    {
        if (!session.CanSample) return MetricSet.Empty;
        return RandomFork.Run(RandomFork.FixedNoiseSeed(session.Options.Seed), session.Device, () =>
        {
            using var scope = NewDisposeScope();
            return session.Evaluate(session.Sample(samples, averaged: averaged));
        });
    }
}
