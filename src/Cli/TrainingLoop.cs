using System.Globalization;
using Functional.Data;
using Functional.Distributed;
using Functional.Metrics;
using Functional.Samples;
using Functional.Training;
using LanguageExt;
using Spectre.Console;
using TorchSharp;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>
/// What `train` and `resume` share: training a session to its configured steps with the display
/// up, a metrics.jsonl line and the run's outputs at every logging interval, periodic checkpoints
/// between good updates, rollback on divergence where configured, then the final evaluation,
/// samples, plots and summary. The run's own lines go to the output, and its result is the exit
/// code (0, 130 when stopped by Ctrl+C or SIGTERM) or a training failure (1), told last; a run
/// that reached its last step hands its final metrics to <c>finished</c>.
/// </summary>
public static class TrainingLoop
{
    public static Fin<int> Continue(RunFolder run, RunConfig config, ExperimentDefinition experiment, GanSession session, IBatchSource data,
        MetricSet before, TextWriter output, CancellationToken cancellation, IAnsiConsole? terminal, RankRun? ranks = null,
        Action<MetricSet>? finished = null)
    {
        // Data-parallel: the other ranks start from here, with rank 0's state, and stop when any rank is stopped.
        if (ranks is not null && ranks.Lead(run, config, session, data, experiment.Name, output) is { IsFail: true } refused)
            return refused.Map(_ => 0);
        using var stopRequest = ranks is null ? default : cancellation.Register(session.Parallel.RequestStop);
        var stop = ranks is null ? cancellation : session.Parallel.AgreedStop;

        var remaining = config.Steps - session.DiscriminatorSteps;
        var checkpoints = new Checkpoints(run, config.Keep);
        var configuration = config.ToJson();
        string? failure = null;
        var checkpointDue = false;
        output.WriteLine(GuardLine(config));
        var best = BestMetric.Choose(config.BestMetric, before, experiment.Name);
        var outputs = RunOutputs.Open(run, experiment, session, data, before, best.IfFail(Option<BestMetric>.None), configuration);
        var display = ProgressDisplay.For(terminal, output);
        var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        using var metricsLog = new StreamWriter(run.MetricsLog, append: true);
        var trained = Failure.Training(() => display.Show(experiment.Name, session.DiscriminatorSteps, config.Steps, () => Trainer.Train(session, data,
            new TrainingOptions(Math.Max(0, remaining), config.LogEvery, config.EvaluateEvery, experiment.MetricSamples, config.Divergence),
            progress =>
            {
                display.Report(progress);
                metricsLog.WriteLine(MetricsLog.Line(progress));
                metricsLog.Flush();
                outputs.Record(progress);
            },
            stop,
            afterStep: step =>
            {
                display.Step(step);
                // A checkpoint is only written between good updates, so that the latest one is a good one to roll back to.
                checkpointDue |= config.CheckpointEvery > 0 && step % config.CheckpointEvery == 0;
                if (failure is null && checkpointDue && step < config.Steps && session.ConsecutiveSkips == 0)
                {
                    checkpointDue = false;
                    failure = Message(checkpoints.Save(session, data, experiment.Name, configuration));
                }
            },
            rollback: config.RollsBack
                ? () => Checkpoints.Latest(run.Path).Bind(path => Checkpoint.Load(session, data, experiment.Name, path))
                    .Bind(_ => ranks is null ? unit : RankState.Share(ranks.Ranks, session, data, experiment.Name, configuration))
                : null,
            onDivergence: notice =>
            {
                if (notice.Kind != DivergenceNoticeKind.Stopped) output.WriteLine(notice.Message);   // a stop is the run's last line
                // The checkpoint rolled back to, saved again with the lowered learning rates, so that `resume` keeps them.
                if (notice.Kind == DivergenceNoticeKind.RolledBack && failure is null)
                    failure = Message(checkpoints.Save(session, data, experiment.Name, configuration));
            })), () => $"at step {session.DiscriminatorSteps + 1} (the latest checkpoint is {LatestName(run)})");
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return trained.Bind(report => Finish(run, config, experiment, session, data, before, output, report, cpu, checkpoints, configuration, best, outputs, failure, ranks, finished));
    }

    static Fin<int> Finish(RunFolder run, RunConfig config, ExperimentDefinition experiment, GanSession session, IBatchSource data, MetricSet before,
        TextWriter output, TrainingReport report, TimeSpan cpu, Checkpoints checkpoints, string configuration, Fin<Option<BestMetric>> best, RunOutputs outputs, string? failure,
        RankRun? ranks, Action<MetricSet>? finished)
    {
        // Every rank compares its weights here, before rank 0 goes on alone to write the outputs.
        var agreement = ranks is { Ranks.Size: > 1 } ? ranks.Agreement(session) : default((bool Agree, string Line)?);
        // A run stopped for divergence leaves its last good checkpoint as the latest one.
        if (report.Divergence is null) failure ??= Message(checkpoints.Save(session, data, experiment.Name, configuration));

        var after = Trainer.Evaluate(session, experiment.MetricSamples, data: data);
        FinalSamples(run, session, experiment.MetricSamples).IfFail(e => output.WriteLine($"warning: {e.Message}"));
        outputs.Finish();
        RunSummary.Write(run, experiment, config, session, report, cpu, before, after, outputs.Best);
        foreach (var problem in outputs.Problems) output.WriteLine($"warning: {problem}");
        best.IfFail(e => output.WriteLine($"warning: no best checkpoint: {e.Message}"));
        output.WriteLine(report.Divergence is not null
            ? $"Stopped for divergence at step {session.DiscriminatorSteps} of {config.Steps}; the latest checkpoint is the last good one: {LatestName(run)}"
            : report.Cancelled
            ? $"Stopped at step {session.DiscriminatorSteps}; continue with: resume {run.Path}"
            : $"Done: step {session.DiscriminatorSteps} of {config.Steps} ({report.Elapsed.TotalSeconds:0.0} s, {cpu.TotalSeconds:0.0} s of CPU).");
        if (ranks is { Ranks.Size: > 1 }) output.WriteLine(RankRun.CostLine(session.Parallel.Cost, report.Elapsed));
        if (agreement is { Line: var line }) output.WriteLine(line);
        if (report.SkippedSteps > 0 || report.Rollbacks > 0)
            output.WriteLine($"Divergence guard: {report.SkippedSteps} updates skipped, {report.Rollbacks} rollbacks.");
        if (after.Count > 0) output.WriteLine($"Metrics ({experiment.MetricSamples} samples, averaged generator where the experiment keeps one): {after}");
        output.WriteLine($"Outputs: {run.Path}");
        if (failure is not null) return Failure.TrainingFailed(failure);
        // The final metrics of a run that reached its last step (what an ablation's cell reports).
        if (report.Divergence is null && !report.Cancelled) finished?.Invoke(after);
        if (report.Divergence is { } divergence) return Failure.TrainingFailed(divergence.Message);
        return report.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
    }

    static string? Message<T>(Fin<T> result) => result.Match(_ => (string?)null, e => e.Message);

    static string GuardLine(RunConfig config) =>
        !config.Guarded ? "Divergence guard: off (--max-skips 0)."
        : config.RollsBack
            ? string.Create(CultureInfo.InvariantCulture,
                $"Divergence guard: after {config.MaxSkips} skipped updates of one network in a row, roll back to the latest checkpoint with learning rates ×{config.RollbackLearningRateFactor}, at most {config.MaxRollbacks} times, then stop.")
            : $"Divergence guard: after {config.MaxSkips} skipped updates of one network in a row, stop.";

    static string LatestName(RunFolder run) =>
        Checkpoints.Latest(run.Path).Match(path => Path.GetRelativePath(run.Path, path), _ => "none (it diverged before the first one)");

    /// <summary>The final samples as CSV when they are 2-D points; image runs have their pictures (and `sample` writes .npy).</summary>
    static Fin<Unit> FinalSamples(RunFolder run, GanSession session, int count)
    {
        if (!session.CanSample) return unit;
        using var scope = torch.NewDisposeScope();
        var samples = session.Sample(count);
        return samples.dim() == 2 && samples.size(1) == 2 ? SampleExport.Csv(samples, run.FinalSamples) : unit;
    }
}
