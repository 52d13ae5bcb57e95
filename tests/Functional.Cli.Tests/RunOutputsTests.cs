using Functional.Cli;
using Functional.Examples;
using Functional.Training;
using SkiaSharp;
using Spectre.Console.Testing;
using Xunit;

namespace Functional.Cli.Tests;

/// <summary>What a run leaves beside its checkpoints: TensorBoard scalars, sample pictures, plots, the best checkpoint, and a summary that links them.</summary>
public sealed class RunOutputsTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "functional-outputs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    TrainRequest Request(long steps = 40, string? bestMetric = null, int keep = 3) =>
        new("ring8", steps, 64, Seed: 0, "cpu", LibTorch: null, root, LogEvery: 10, EvaluateEvery: 20, CheckpointEvery: 10, Keep: keep) { BestMetric = bestMetric };

    /// <summary>Stands in for Ctrl+C: cancels once a progress line for <paramref name="step"/> has been written.</summary>
    sealed class StopAfterStep(long step, CancellationTokenSource stop) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith($"step {step,7}/", StringComparison.Ordinal) == true) stop.Cancel();
        }
    }

    static string Folder(string root) => Directory.GetDirectories(root).Single();

    [Fact]
    public void A_run_leaves_tensorboard_scalars_pictures_plots_and_its_best_checkpoint()
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = TrainCommand.Run(Request(bestMetric: "reverse_kl", keep: 1), BuiltInExperiments.All, output, errors, CancellationToken.None);
        Assert.True(code == ExitCodes.Ok, errors.ToString());
        Assert.DoesNotContain("warning", output.ToString());
        var run = Folder(root);

        foreach (var name in new[] { "plots/losses.png", "plots/metrics.png", "plots/samples.png",
                     "samples/step-000000000.png", "samples/step-000000020.png", "samples/step-000000040.png" })
        {
            using var picture = SKBitmap.Decode(Path.Combine(run, name));
            Assert.True(picture is { Width: > 100, Height: > 100 }, name);
        }
        Assert.Equal(3, Directory.GetFiles(Path.Combine(run, "samples")).Length);

        // --keep 1 leaves the newest step checkpoint and best.ckpt, which is a whole checkpoint of an evaluated step.
        Assert.Equal(["best.ckpt", "step-000000040.ckpt"], Directory.GetFiles(Path.Combine(run, "checkpoints")).Select(Path.GetFileName).Order());
        var best = (CheckpointHeader)Checkpoint.ReadHeader(Path.Combine(run, "checkpoints", "best.ckpt"));
        Assert.Contains(best.DiscriminatorSteps, new long[] { 20, 40 });
        var logged = MetricsLog.Read(Path.Combine(run, "metrics.jsonl"));
        var evaluated = logged.Where(l => l["reverse_kl"] is not null).ToArray();
        Assert.Equal([20L, 40L], evaluated.Select(l => l.Step));
        Assert.Equal(evaluated.MinBy(l => l["reverse_kl"])!.Step, best.DiscriminatorSteps);
        Assert.Equal(ExitCodes.Ok, EvalCommand.Run(run, null, null, BuiltInExperiments.All, new StringWriter(), errors));
        Assert.EndsWith("step-000000040.ckpt", (string)Checkpoints.Latest(run));

        var events = TensorBoardEvents.Read(Directory.GetFiles(Path.Combine(run, TensorBoardLog.Folder)).Single());
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        var scalars = TensorBoardEvents.Scalars(events);
        Assert.Equal([10L, 20L, 30L, 40L], scalars.Where(s => s.Tag == TensorBoardLog.DiscriminatorLoss).Select(s => s.Step));
        Assert.Equal([10L, 20L, 30L, 40L], scalars.Where(s => s.Tag == TensorBoardLog.Speed).Select(s => s.Step));
        foreach (var metric in new[] { "modes", "high_quality_pct", "reverse_kl" })
            Assert.Equal([20L, 40L], scalars.Where(s => s.Tag == TensorBoardLog.MetricPrefix + metric).Select(s => s.Step));
        var kl = scalars.Where(s => s.Tag == "metrics/reverse_kl").Select(s => (double)s.Value);
        Assert.Equal(evaluated.Select(l => l["reverse_kl"]!.Value), kl, (a, b) => Math.Abs(a - b) < 1e-5);

        var summary = File.ReadAllText(Path.Combine(run, "summary.md"));
        Assert.Contains($"best checkpoint: [`checkpoints/best.ckpt`](checkpoints/best.ckpt), step {best.DiscriminatorSteps}, reverse_kl", summary);
        Assert.Contains("(lower is better)", summary);
        foreach (var link in new[] { "(plots/losses.png)", "(plots/metrics.png)", "(plots/samples.png)", "(samples/step-000000020.png)" })
            Assert.Contains(link, summary);
        Assert.Contains("\"best_metric\": \"reverse_kl\"", File.ReadAllText(Path.Combine(run, "config.json")));
    }

    [Fact]
    public void An_unknown_best_metric_is_bad_input_that_lists_the_known_ones_and_leaves_no_folder()
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = TrainCommand.Run(Request(bestMetric: "fid"), BuiltInExperiments.All, output, errors, CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error: --best-metric 'fid' is not a metric of experiment 'ring8'; known: modes, high_quality_pct, reverse_kl.", errors.ToString().Trim());
        Assert.Empty(Directory.GetDirectories(root));
    }

    [Fact]
    public void A_resumed_run_continues_its_tensorboard_log_its_plots_and_its_best_checkpoint()
    {
        using var stop = new CancellationTokenSource();
        var first = new StopAfterStep(20, stop);
        Assert.Equal(ExitCodes.Cancelled, TrainCommand.Run(Request(), BuiltInExperiments.All, first, new StringWriter(), stop.Token));
        var run = Folder(root);
        var bestBefore = File.GetLastWriteTimeUtc(Path.Combine(run, "checkpoints", "best.ckpt"));
        Assert.Single(Directory.GetFiles(Path.Combine(run, TensorBoardLog.Folder)));

        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = ResumeCommand.Run(run, null, null, BuiltInExperiments.All, output, errors, CancellationToken.None);
        Assert.True(code == ExitCodes.Ok, errors.ToString());
        Assert.Contains("Resuming ring8 at step 20 of 40", output.ToString());

        // One event file per session, read in name order: the steps go on where the first stopped.
        var files = Directory.GetFiles(Path.Combine(run, TensorBoardLog.Folder)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, files.Length);
        var steps = files.Select(f => TensorBoardEvents.Scalars(TensorBoardEvents.Read(f))
            .Where(s => s.Tag == TensorBoardLog.DiscriminatorLoss).Select(s => s.Step).ToArray()).ToArray();
        Assert.Equal([10L, 20L], steps[0]);
        Assert.Equal([30L, 40L], steps[1]);

        // The plots read the whole history, both sessions.
        Assert.Equal([10L, 20L, 30L, 40L], MetricsLog.Read(Path.Combine(run, "metrics.jsonl")).Select(l => l.Step));
        Assert.True(File.Exists(Path.Combine(run, "plots", "metrics.png")));
        Assert.True(File.Exists(Path.Combine(run, "samples", "step-000000040.png")));

        // The best so far came back from best.ckpt and the history: it is replaced only by a better evaluation.
        var best = (CheckpointHeader)Checkpoint.ReadHeader(Path.Combine(run, "checkpoints", "best.ckpt"));
        // With no --best-metric, the experiment's declared one ([Metrics(Best = ...)]; ring8: high_quality_pct).
        Assert.Contains("\"best_metric\": \"high_quality_pct\"", File.ReadAllText(Path.Combine(run, "config.json")));
        var quality = MetricsLog.Read(Path.Combine(run, "metrics.jsonl")).Where(l => l["high_quality_pct"] is not null)
            .ToDictionary(l => l.Step, l => l["high_quality_pct"]!.Value);
        Assert.Equal(quality[40] > quality[20] ? 40 : 20, best.DiscriminatorSteps);
        if (best.DiscriminatorSteps == 20) Assert.Equal(bestBefore, File.GetLastWriteTimeUtc(Path.Combine(run, "checkpoints", "best.ckpt")));
        Assert.Contains($"step {best.DiscriminatorSteps}, high_quality_pct", File.ReadAllText(Path.Combine(run, "summary.md")));
    }

    [Fact]
    public void An_interactive_terminal_gets_the_live_bar_and_the_output_keeps_the_rest()
    {
        var terminal = new TestConsole().Interactive().SupportsAnsi(true).Width(140);
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = TrainCommand.Run(Request(steps: 20), BuiltInExperiments.All, output, errors, CancellationToken.None, terminal);

        Assert.True(code == ExitCodes.Ok, errors.ToString());
        Assert.Contains("━", terminal.Output);
        Assert.Contains("step 20/20", terminal.Output);
        Assert.Contains("modes", terminal.Output);
        Assert.DoesNotContain("step      10/20", output.ToString());
        Assert.Contains("Done: step 20 of 20", output.ToString());
    }
}
