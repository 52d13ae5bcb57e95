using Functional.Cli;
using Functional.Data;
using Functional.Training;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Cli.Tests;

/// <summary>`train` on an experiment made to diverge: the guard's options, its lines, its exit code, its config.json fields.</summary>
[Trait("Category", "Training")]
public sealed class DivergenceTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "functional-cli-divergence-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    TrainRequest Request(string experiment = "test-diverging", long steps = 200, int maxSkips = 5, string onDivergence = "stop",
        double factor = 0.5, int maxRollbacks = 2, int checkpointEvery = 10) =>
        new(experiment, steps, BatchSize: 32, Seed: 0, "cpu", LibTorch: null, root, LogEvery: 50, EvaluateEvery: 0, checkpointEvery, Keep: 3,
            maxSkips, onDivergence, factor, maxRollbacks);

    (int Code, string[] Out, string Err) Run(TrainRequest request)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = TrainCommand.Run(request, [Diverging.Definition], output, errors, CancellationToken.None);
        return (code, output.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray(), errors.ToString());
    }

    [Fact]
    public void A_run_made_to_diverge_stops_with_TrainingFailed_and_a_line_naming_the_cause()
    {
        var (code, output, err) = Run(Request());

        Assert.True(code == ExitCodes.TrainingFailed, string.Join("\n", output) + err);
        Assert.Contains(output, l => l.StartsWith("Divergence guard: after 5 skipped updates of one network in a row, stop."));
        Assert.Contains(output, l => l.Contains("update skipped: loss") && l.Contains("further skips in a row are counted"));
        var error = output[^1];
        Assert.StartsWith("error: training diverged at step ", error);
        Assert.Contains("updates in a row had a non-finite loss or gradient", error);
        Assert.Contains("the policy is to stop", error);
        var folder = Directory.GetDirectories(root).Single();
        Assert.Empty(Checkpoints.List(folder));   // it diverged before the first checkpoint, and nothing diverged was saved
        Assert.Contains(output, l => l.Contains("Stopped for divergence at step") && l.Contains("none (it diverged before the first one)"));
        Assert.Contains("- stopped: training diverged", File.ReadAllText(Path.Combine(folder, "summary.md")));
    }

    [Fact]
    public void Rollback_returns_to_the_latest_checkpoint_with_lower_rates_and_stops_after_the_last_rollback()
    {
        var (code, output, err) = Run(Request(onDivergence: "rollback", factor: 0.5, maxRollbacks: 2));

        Assert.True(code == ExitCodes.TrainingFailed, string.Join("\n", output) + err);
        Assert.Contains(output, l => l.Contains(": rollback 1 of 2 after 5 skipped") && l.Contains("back to step 0, learning rates ×0.5"));
        Assert.Contains(output, l => l.Contains(": rollback 2 of 2 after 5 skipped") && l.Contains("(×0.25 in all)"));
        Assert.Contains("2 rollbacks to the last good checkpoint did not help (learning rates ×0.25)", output[^1]);

        // The checkpoint rolled back to holds the lowered rates, so that `resume` would keep them.
        var folder = Directory.GetDirectories(root).Single();
        var latest = Assert.Single(Checkpoints.List(folder));
        Assert.EndsWith("step-000000000.ckpt", latest);
        using var session = Trainer.CreateSession(Diverging.Definition, SessionOptions.Cpu(0));
        using var data = Diverging.Definition.CreateData!(new DataOptions(32, 0, CPU));
        Assert.True(Checkpoint.Load(session, data, "test-diverging", latest).IsSucc);
        Assert.Equal([Diverging.GeneratorLearningRate * 0.25, Diverging.DiscriminatorLearningRate * 0.25], Trainer.LearningRates(session));
    }

    [Fact]
    public void With_the_guard_off_the_same_run_goes_to_its_end_unchecked()
    {
        var (code, output, err) = Run(Request(steps: 10, maxSkips: 0));

        Assert.True(code == ExitCodes.Ok, string.Join("\n", output) + err);
        Assert.Contains("Divergence guard: off (--max-skips 0).", output);
        Assert.DoesNotContain(output, l => l.Contains("skipped"));
    }

    [Fact]
    public void Every_bad_divergence_option_is_reported_at_once()
    {
        var (code, _, err) = Run(Request(maxSkips: -1, onDivergence: "retry", factor: 0, maxRollbacks: 0));

        Assert.Equal(ExitCodes.BadInput, code);
        var lines = err.Trim().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Contains("--max-skips -1", err);
        Assert.Contains("--on-divergence 'retry' is not one of: stop, rollback", err);
        Assert.Contains("--rollback-lr-factor 0 is out of range", err);
        Assert.Contains("--max-rollbacks 0", err);
        Assert.False(Directory.Exists(root));

        var (again, _, both) = Run(Request(maxSkips: 0, onDivergence: "rollback", factor: 1.5));
        Assert.Equal(ExitCodes.BadInput, again);
        Assert.Contains("--rollback-lr-factor 1.5", both);
        Assert.Contains("--on-divergence rollback needs the divergence guard", both);
    }

    [Fact]
    public void A_config_json_from_before_the_guard_reads_with_its_defaults_and_a_bad_one_is_refused()
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, RunConfig.FileName), """
            { "experiment": "ring8", "steps": 100, "batch_size": 64, "seed": 1, "device": "cpu",
              "log_every": 10, "eval_every": 0, "checkpoint_every": 50, "keep": 3 }
            """);
        var config = (RunConfig)RunConfig.Read(root);
        Assert.Equal((20, "stop", 0.5, 3), (config.MaxSkips, config.OnDivergence, config.RollbackLearningRateFactor, config.MaxRollbacks));
        Assert.True(config.Guarded);
        Assert.Equal(DivergencePolicy.Default, config.Divergence);

        var written = Request(maxSkips: 7, onDivergence: "rollback", factor: 0.25, maxRollbacks: 4).Config;
        File.WriteAllText(Path.Combine(root, RunConfig.FileName), written.ToJson());
        Assert.Equal(written, (RunConfig)RunConfig.Read(root));
        Assert.Contains("\"on_divergence\": \"rollback\"", written.ToJson());

        File.WriteAllText(Path.Combine(root, RunConfig.FileName), written.ToJson().Replace("\"rollback\"", "\"retry\""));
        var refused = RunConfig.Read(root).Match(_ => "(read)", e => e.Message);
        Assert.Contains("bad divergence setting: on_divergence is 'retry'", refused);
    }
}
