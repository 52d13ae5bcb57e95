using System.Globalization;
using System.Text;
using Functional.Metrics;
using Functional.Training;

namespace Functional.Cli;

/// <summary>
/// summary.md, written whole at the end of every session of a run: what ran (steps, batch, seed,
/// time, tricks, the guard), the metrics before and after, and where the outputs are (best
/// checkpoint, TensorBoard, plots, sample pictures by step).
/// </summary>
public static class RunSummary
{
    public static void Write(RunFolder run, ExperimentDefinition experiment, RunConfig config, GanSession session, TrainingReport report,
        TimeSpan cpu, MetricSet before, MetricSet after, BestCheckpoint? best)
    {
        var w = new StringBuilder();
        w.AppendLine($"# {experiment.Name}").AppendLine().AppendLine(experiment.Description).AppendLine();
        w.AppendLine($"- steps: {session.DiscriminatorSteps} of {config.Steps}{(report.Cancelled ? " (stopped early; `resume` continues)" : "")}, batch {config.BatchSize}, seed {config.Seed}");
        w.AppendLine($"- time of the last session: {report.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        w.AppendLine($"- CPU time of the last session: {cpu.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (the process, all its threads)");
        w.AppendLine($"- tricks: {(experiment.Tricks.Count == 0 ? "none" : string.Join("; ", experiment.Tricks))}");
        w.AppendLine($"- divergence guard: {(config.Guarded ? $"{report.SkippedSteps} updates skipped, {report.Rollbacks} rollbacks in the last session ({session.SkippedSteps} skipped in the weights' history)" : "off")}");
        if (report.Divergence is { } divergence) w.AppendLine($"- stopped: {divergence.Message}");
        if (after.Count > 0)
        {
            w.AppendLine().AppendLine("| metric | untrained | trained |").AppendLine("|---|---|---|");
            for (var i = 0; i < after.Count; i++)
            {
                var untrained = i < before.Count ? before[i].Value.ToString("0.####", CultureInfo.InvariantCulture) : "–";
                w.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {after[i].Name} | {untrained} | {after[i].Value:0.####} |"));
            }
        }
        Outputs(w, run, best);
        File.WriteAllText(run.Summary, w.ToString());
    }

    static void Outputs(StringBuilder w, RunFolder run, BestCheckpoint? best)
    {
        w.AppendLine().AppendLine("## Outputs").AppendLine();
        var bestLink = $"{RunFolder.CheckpointsFolder}/{RunFolder.BestCheckpointFile}";
        if (best is { Step: { } step })
            w.AppendLine(FormattableString.Invariant($"- best checkpoint: [`{bestLink}`]({bestLink}), step {step}, {best.Metric.Name} {best.Value:0.####} ({best.Metric.Direction})"));
        else if (best is not null)
            w.AppendLine($"- best checkpoint: none yet (no evaluation of {best.Metric.Name})");
        w.AppendLine($"- TensorBoard: `tensorboard --logdir {RunFolder.TensorBoardFolder}` in this folder");
        foreach (var (file, title) in new[] { (RunFolder.LossesPlotFile, "Losses"), (RunFolder.MetricsPlotFile, "Metrics"), (RunFolder.FinalPictureFile, "Final samples (fixed noise)") })
            if (File.Exists(run.Plot(file)))
                w.AppendLine().AppendLine($"### {title}").AppendLine().AppendLine($"![{title}]({RunFolder.PlotsFolder}/{file})");
        var pictures = Directory.Exists(run.Samples)
            ? Directory.GetFiles(run.Samples, "step-*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()
            : [];
        if (pictures.Length > 0)
        {
            w.AppendLine().AppendLine("### Samples from the fixed noise, by step").AppendLine();
            w.AppendLine(string.Join(" · ", pictures.Select(p => $"[{long.Parse(p![5..^4], CultureInfo.InvariantCulture)}]({RunFolder.SamplesFolder}/{p})")));
        }
    }
}
