using System.Diagnostics;
using Functional.Data;
using Functional.Metrics;
using Functional.Native;
using Functional.Training;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>
/// Trains one cell of a sweep to its result, the same way wherever it runs (inside a local
/// `ablate`, or as a Slurm array task running `ablate --cell`): under the cell's lock, as a run
/// folder of its own trained by the same loop as `train` (checkpoints every
/// <see cref="SweepPlan.CheckpointEvery"/> steps), resumed from its newest checkpoint when it has
/// one (a requeued or preempted task, a stopped ablation), and finished by writing result.csv.
/// </summary>
public static class CellRun
{
    /// <summary>The cell's variant trained to its result; the exit code of the attempt (0 when the cell is done).</summary>
    public static Fin<int> Run(SweepPlan plan, SweepCell cell, ExperimentDefinition variant, string? libTorch, TextWriter output, CancellationToken cancellation) =>
        cell.TryLock().Match(
            held =>
            {
                using (held) return Locked(plan, cell, variant, libTorch, output, cancellation);
            },
            () => Failure.BadInput($"cell {cell.CellName} is being trained by another process (it holds {cell.CellName}/.lock)"));

    static Fin<int> Locked(SweepPlan plan, SweepCell cell, ExperimentDefinition variant, string? libTorch, TextWriter output, CancellationToken cancellation)
    {
        if (cell.IsDone)
        {
            output.WriteLine($"Cell {cell.CellName} ({cell.Variant}, seed {cell.Seed}) is done already: {cell.Result}");
            return ExitCodes.Ok;
        }
        cell.Describe(plan.Experiment);
        // Every cell evaluates as many samples as the sweep's protocol says, whichever variant it trains.
        var definition = variant with { MetricSamples = plan.MetricSamples };
        var clock = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        long fromStep = 0;
        MetricSet? metrics = null;
        var result = TorchEnvironment.Open(libTorch, plan.Device).Bind(device =>
            Checkpoints.Latest(cell.Folder).Match(
                latest => Resume(plan, cell, definition, device, latest, output, cancellation, m => metrics = m, step => fromStep = step),
                _ => Start(plan, cell, definition, device, output, cancellation, m => metrics = m)));
        var seconds = clock.Elapsed.TotalSeconds;
        var ended = result.Match(
            code => metrics is not null ? "done" : code == ExitCodes.Cancelled ? $"stopped at step {cell.CheckpointStep().IfNone(0)}" : $"exit code {code}",
            error => $"failed: {error.Message}");
        cell.Record(new CellAttempt(started, Environment.MachineName, SlurmTask(), fromStep, seconds, ended));
        if (metrics is not null)
        {
            var total = cell.AttemptsSoFar().Sum(a => a.Seconds);
            cell.Finish(new AblationRun(cell.Variant, cell.Seed, plan.Steps, plan.BatchSize, plan.MetricSamples, metrics, TimeSpan.FromSeconds(total)));
        }
        return result;
    }

    /// <summary>"12_3" for array task 3 of job 12, or the plain job id; null outside Slurm.</summary>
    static string? SlurmTask() =>
        Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID") is { Length: > 0 } array
            ? $"{array}_{Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID")}"
            : Environment.GetEnvironmentVariable("SLURM_JOB_ID");

    static Fin<int> Start(SweepPlan plan, SweepCell cell, ExperimentDefinition definition, TorchSharp.torch.Device device, TextWriter output,
        CancellationToken cancellation, Action<MetricSet> finished)
    {
        var config = new RunConfig(definition.Name, plan.Steps, plan.BatchSize, cell.Seed, plan.Device,
            LogEvery: (int)Math.Clamp(plan.Steps / 10, 1, 1000), EvaluateEvery: 0, CheckpointEvery: plan.CheckpointEvery, Keep: 2,
            Hyperparameters: definition.Hyperparameters is { } h ? HyperparameterSettings.ToJson(h) : null,
            Sources: new LengthSources("ablate --steps", "ablate --batch-size", "ablate (only at the end)"));
        output.WriteLine($"Cell {cell.CellName}: {cell.Variant}, seed {cell.Seed}, from the start.");
        using var session = Trainer.CreateSession(definition, new SessionOptions(device, cell.Seed, config.Guarded));
        return RunData.Open(definition, session, new DataOptions(config.BatchSize, config.Seed, device)).Bind(data =>
        {
            using (data)
                return Threads(plan, session).Bind(threads =>
                    TrainCommand.Begin(cell.Run, config with { Threads = threads.Threads }, threads, definition, session, data, device, output, cancellation,
                        terminal: null, ranks: null, finished));
        });
    }

    static Fin<int> Resume(SweepPlan plan, SweepCell cell, ExperimentDefinition definition, TorchSharp.torch.Device device, string latest,
        TextWriter output, CancellationToken cancellation, Action<MetricSet> finished, Action<long> resumedAt) =>
        RunConfig.Read(cell.Folder).Bind(config =>
        {
            using var session = Trainer.CreateSession(definition, new SessionOptions(device, config.Seed, config.Guarded));
            return RunData.Open(definition, session, new DataOptions(config.BatchSize, config.Seed, device)).Bind(data =>
            {
                using (data)
                    return Checkpoint.Load(session, data, definition.Name, latest).AsBadInput().Bind(header =>
                    {
                        resumedAt(header.DiscriminatorSteps);
                        output.WriteLine($"Cell {cell.CellName}: {cell.Variant}, seed {cell.Seed}, resuming at step {header.DiscriminatorSteps} of {config.Steps} from {Path.GetFileName(latest)}.");
                        // The cell's own thread count: on the CPU another count can round differently.
                        var threads = config.Threads is { } recorded ? new ThreadChoice(recorded, "the cell's own") : new ThreadChoice(1, "one");
                        TorchEnvironment.UseThreads(threads, output);
                        return TrainingLoop.Continue(cell.Run, config, definition, session, data, MetricsLog.ReadUntrained(cell.Run), output, cancellation,
                            terminal: null, ranks: null, finished);
                    });
            });
        });

    static Fin<ThreadChoice> Threads(SweepPlan plan, GanSession session) =>
        IntraOpThreads.Choose(plan.Threads, () => LayerWork.Measure(session, plan.BatchSize)).AsBadInput();
}
