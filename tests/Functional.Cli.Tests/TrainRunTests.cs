using Functional.Cli;
using Functional.Examples;
using Xunit;

namespace Functional.Cli.Tests;

/// <summary>The `train` command end to end: bad input is one clear line and a non-zero exit; a good run leaves its folder.</summary>
[Trait("Category", "Training")]
public sealed class TrainRunTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "functional-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    TrainRequest Request(string experiment = "ring8", long steps = 20, int batch = 64, string device = "cpu", string? output = null, int checkpointEvery = 10) =>
        new(experiment, steps, batch, Seed: 0, device, LibTorch: null, output ?? root, LogEvery: 10, EvaluateEvery: 0, CheckpointEvery: checkpointEvery, Keep: 3);

    (int Code, string Out, string Err) Run(TrainRequest request, CancellationToken cancellation = default)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = TrainCommand.Run(request, BuiltInExperiments.All, output, errors, cancellation);
        return (code, output.ToString(), errors.ToString());
    }

    static (int Code, string Out, string Err) Resume(string folder)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = ResumeCommand.Run(folder, null, null, BuiltInExperiments.All, output, errors, CancellationToken.None);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public void Unknown_experiment_names_it_and_lists_the_known_ones()
    {
        var (code, _, err) = Run(Request(experiment: "nope"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("unknown experiment 'nope'", err);
        Assert.Contains("ring8", err);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void Every_out_of_range_option_is_reported_at_once()
    {
        var (code, _, err) = Run(Request(steps: 0, batch: -3));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--steps 0", err);
        Assert.Contains("--batch-size -3", err);
        Assert.Equal(2, err.Trim().Split('\n').Length);
    }

    [Fact]
    public void Cuda_where_there_is_none_is_an_environment_error()
    {
        var (code, _, err) = Run(Request(device: "cuda"));
        Assert.Equal(ExitCodes.Environment, code);
        Assert.Contains("CUDA is not available", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Unwritable_output_folder_is_bad_input()
    {
        var file = Path.Combine(Path.GetTempPath(), "functional-not-a-folder-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "x");
        try
        {
            var (code, _, err) = Run(Request(output: Path.Combine(file, "runs")));
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("not writable", err);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void A_short_run_writes_its_folder_and_never_reuses_one()
    {
        var (code, output, err) = Run(Request());
        Assert.True(code == ExitCodes.Ok, err);
        Assert.Contains("Outputs:", output);
        var first = Directory.GetDirectories(root).Single();
        foreach (var name in new[] { "config.json", "metrics.jsonl", "samples.csv", "summary.md", "checkpoints/step-000000010.ckpt", "checkpoints/step-000000020.ckpt" })
            Assert.True(File.Exists(Path.Combine(first, name)), name);
        Assert.Equal(2501, File.ReadAllLines(Path.Combine(first, "samples.csv")).Length);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(first, "metrics.jsonl")).Length);

        var again = Run(Request());
        Assert.Equal(ExitCodes.Ok, again.Code);
        Assert.Equal(2, Directory.GetDirectories(root).Length);
    }

    [Fact]
    public void A_stopped_run_resumes_to_its_configured_steps()
    {
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();
        var (code, output, _) = Run(Request(steps: 15), stopped.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("resume", output);
        var folder = Directory.GetDirectories(root).Single();

        var resumed = Resume(folder);
        Assert.True(resumed.Code == ExitCodes.Ok, resumed.Err);
        Assert.Contains("Resuming ring8 at step 0 of 15", resumed.Out);
        Assert.Contains("Done: step 15 of 15", resumed.Out);
        Assert.True(File.Exists(Path.Combine(folder, "checkpoints", "step-000000015.ckpt")));
    }

    [Fact]
    public void Resume_names_what_is_wrong_with_the_folder()
    {
        Assert.Contains("does not exist", Resume(Path.Combine(root, "missing")).Err);
        Directory.CreateDirectory(root);
        var (code, _, err) = Resume(root);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no config.json", err);
    }

    [Fact]
    public void Sample_and_eval_read_the_latest_checkpoint()
    {
        Assert.Equal(ExitCodes.Ok, Run(Request(steps: 10)).Code);
        var folder = Directory.GetDirectories(root).Single();
        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.Equal(ExitCodes.Ok, SampleCommand.Run(folder, 100, null, null, BuiltInExperiments.All, output, errors));
        var samples = Directory.GetFiles(folder, "samples-step10-*.csv").Single();
        Assert.Equal(101, File.ReadAllLines(samples).Length);
        Assert.Equal(ExitCodes.Ok, EvalCommand.Run(folder, null, null, BuiltInExperiments.All, output, errors));
        Assert.Contains("ring8 at step 10", output.ToString());
    }

    [Fact]
    public void Train_says_how_many_threads_it_uses_and_the_run_keeps_them()
    {
        // The tests set FUNCTIONAL_THREADS=1 (SingleThreadedTorch); without it ring8's small layers would get one thread too.
        var (code, output, err) = Run(Request(steps: 10));
        Assert.True(code == ExitCodes.Ok, err);
        Assert.Contains($"Threads: 1 intra-op thread ({Functional.Native.IntraOpThreads.Variable})", output);
        Assert.Contains("OpenMP waiting: passive", output);
        var folder = Directory.GetDirectories(root).Single();
        Assert.Contains("\"threads\": 1", File.ReadAllText(Path.Combine(folder, "config.json")));

        var resumed = Resume(folder);
        Assert.Contains("Threads: 1 intra-op thread (the run's own)", resumed.Out);
    }

    [Fact]
    public void A_thread_count_below_one_is_bad_input()
    {
        var (code, _, err) = Run(Request() with { Threads = 0 });
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--threads 0 is out of range", err);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public void A_batch_that_the_discriminator_cannot_pack_is_bad_input()
    {
        var (code, _, err) = Run(Request(experiment: "grid25-tricks", batch: 250) with { Sets = ["packing_degree=4"] });
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("batch size 250 is not a multiple of 4", err);
        Assert.False(Directory.Exists(root));
    }
}
