using Functional.Data;
using Functional.Cluster.Probes;
using Functional.Networks;
using Functional.Training;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace Functional.Cli.Tests.Cluster;

/// <summary>
/// The runs the data-parallel tests compare, made once: the probe experiment
/// (<see cref="DataParallelProbe"/>: no layer that couples the samples of a batch, R1 and an
/// interpolated penalty, an EMA of the generator, SGD) for <see cref="Steps"/> steps of batch
/// <see cref="Batch"/>, on one process and on two ranks of mpirun, each checkpointed halfway and at the end.
/// </summary>
public sealed class DataParallelRuns : IDisposable
{
    public const int Steps = 24, Batch = 64;

    public readonly string Root = Path.Combine(Path.GetTempPath(), "functional-dp-" + Guid.NewGuid().ToString("N"));
    readonly Lazy<string> alone, twoRanks;

    public DataParallelRuns()
    {
        alone = new(() => Train("alone", ranks: 1));
        twoRanks = new(() => Train("two-ranks", ranks: 2));
    }

    public static string[] TrainArguments(string output) =>
        ["train", "probe-data-parallel", "--steps", Steps.ToString(), "--batch-size", Batch.ToString(), "--seed", "3", "--device", "cpu", "--out", output,
         "--checkpoint-every", (Steps / 2).ToString(), "--log-every", "4", "--eval-every", "0", "--threads", "1"];

    public string Alone => alone.Value;

    public string TwoRanks => twoRanks.Value;

    string Train(string name, int ranks)
    {
        var output = Path.Combine(Root, name);
        using var run = ranks == 1 ? Launched.Functional(TrainArguments(output)) : Mpi.Start(ranks, [.. TrainArguments(output), "--data-parallel", "--rank-timeout", "60"]);
        Assert.True(run.Wait(180) == 0, run.Output);
        // The ranks compare their weights, the averaged generator's too, before rank 0 writes the outputs.
        if (ranks > 1) Assert.Contains($"Weights: the same on all {ranks} ranks (generator, discriminator, averaged_generator).", run.Output);
        return Directory.GetDirectories(output).Single();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

/// <summary>
/// `train --data-parallel` under a real `mpirun -np 2` on this host: the two ranks' halves of
/// every batch train the weights one process trains on the whole batch, a checkpoint of two ranks
/// resumes on one and on two, and a rank that dies or hangs stops the others with an error.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class DataParallelTests(DataParallelRuns runs, ITestOutputHelper log) : IClassFixture<DataParallelRuns>
{
    /// <summary>
    /// Float rounding over 24 steps, with a wide margin: the shards' matrix products and the
    /// all-reduce's sum round differently from the whole batch's (1e-7 measured on this machine).
    /// </summary>
    internal const double Rounding = 1e-5;

    [SkippableFact]
    [Trait("Category", "Training")]
    public void Two_ranks_with_half_the_batch_each_train_the_weights_one_process_trains_on_the_whole_batch()
    {
        Skip.If(Mpi.Missing is not null, Mpi.Missing);
        using (var session = Trainer.CreateSession(Probe, SessionOptions.Cpu()))
            foreach (var network in session.Networks)
                Assert.True(NormalizationAudit.BatchNormLayers(network.Module).IsEmpty, $"the probe's {network.Name} couples the samples of a batch");

        var alone = Weights(Checkpoints.Latest(runs.Alone).IfFail(""));
        var ranks = Weights(Checkpoints.Latest(runs.TwoRanks).IfFail(""));
        foreach (var (network, weights) in alone)
        {
            var difference = MaxDifference(weights, ranks[network]);
            log.WriteLine($"{network}: largest difference {difference:E2} over {weights.Length} weights");
            Assert.True(difference < Rounding, $"{network}: 2 ranks × {DataParallelRuns.Batch / 2} and 1 × {DataParallelRuns.Batch} differ by {difference} after {DataParallelRuns.Steps} steps");
        }
        // The weights moved, the generator's average too, and the penalty ran: the comparison is of a trained state.
        var initial = InitialWeights(seed: 3);
        foreach (var network in new[] { "generator", "discriminator", "averaged_generator" })
            Assert.True(MaxDifference(initial[network], alone[network]) > 100 * Rounding, $"{network} did not train");
        Assert.Contains("\"penalty\":", File.ReadAllText(Path.Combine(runs.TwoRanks, RunFolder.MetricsLogFile)));
        Assert.Contains("\"ranks\": 2", File.ReadAllText(Path.Combine(runs.TwoRanks, RunFolder.ConfigFile)));
    }

    [SkippableFact]
    [Trait("Category", "Training")]
    public void A_checkpoint_of_two_ranks_resumes_on_one_rank_and_on_two()
    {
        Skip.If(Mpi.Missing is not null, Mpi.Missing);
        var straight = Weights(Checkpoints.Latest(runs.TwoRanks).IfFail(""));
        foreach (var ranks in new[] { 2, 1 })
        {
            var copy = Path.Combine(runs.Root, $"resume-on-{ranks}");
            CopyFolder(runs.TwoRanks, copy);
            File.Delete(Checkpoints.Latest(copy).IfFail(""));
            Assert.EndsWith($"step-{DataParallelRuns.Steps / 2:D9}.ckpt", Checkpoints.Latest(copy).IfFail(""));
            using (var resumed = ranks == 1
                       ? Launched.Functional(["resume", copy, "--threads", "1"])
                       : Mpi.Start(ranks, ["resume", copy, "--threads", "1", "--data-parallel", "--rank-timeout", "60"]))
            {
                Assert.True(resumed.Wait(180) == 0, resumed.Output);
                Assert.Contains($"Resuming probe-data-parallel at step {DataParallelRuns.Steps / 2}", resumed.Output);
                if (ranks == 2) Assert.Contains("Weights: the same on all 2 ranks", resumed.Output);
            }
            var weights = Weights(Checkpoints.Latest(copy).IfFail(""));
            foreach (var (network, expected) in straight)
            {
                var difference = MaxDifference(expected, weights[network]);
                log.WriteLine($"resumed on {ranks}: {network} differs by {difference:E2}");
                // On two ranks the resumed run repeats the straight one's every operation; on one, the whole batch's products round differently.
                if (ranks == 2) Assert.True(difference == 0, $"{network}: resumed on 2 ranks differs from the straight run by {difference}");
                else Assert.True(difference < Rounding, $"{network}: resumed on 1 rank differs from the straight run by {difference}");
            }
        }
    }

    [SkippableFact]
    public void A_rank_that_dies_stops_the_others_within_a_bounded_time()
    {
        Skip.If(Mpi.Missing is not null, Mpi.Missing);
        var (run, follower) = StartTraining("dies", rankTimeoutSeconds: 60);
        using var _ = run;
        var killed = DateTime.UtcNow;
        System.Diagnostics.Process.GetProcessById(follower).Kill();
        var code = run.Wait(60);
        var took = DateTime.UtcNow - killed;
        log.WriteLine($"mpirun ended {took.TotalSeconds:0.0} s after the kill, exit code {code}:\n{run.Output}");
        Assert.NotEqual(0, code);
        Assert.True(took < TimeSpan.FromSeconds(30), $"the ranks took {took.TotalSeconds:0} s to stop");
        Assert.Contains("rank 1", run.Output[run.Output.LastIndexOf("step ", StringComparison.Ordinal)..]);
    }

    [SkippableFact]
    public void A_rank_that_hangs_makes_the_others_stop_with_an_error_after_the_rank_timeout()
    {
        Skip.If(Mpi.Missing is not null, Mpi.Missing);
        var (run, follower) = StartTraining("hangs", rankTimeoutSeconds: 20);
        using var _ = run;
        var stopped = DateTime.UtcNow;
        Signal(follower, "STOP");
        try
        {
            var code = run.Wait(90);
            var took = DateTime.UtcNow - stopped;
            log.WriteLine($"mpirun ended {took.TotalSeconds:0.0} s after rank 1 stopped, exit code {code}:\n{run.Output}");
            Assert.Equal(ExitCodes.Environment, code);
            Assert.Contains("error: rank 0 of 2 waited 20 s for the other ranks at the all-reduce of the", run.Output);
            Assert.True(took < TimeSpan.FromSeconds(60), $"the ranks took {took.TotalSeconds:0} s to stop");
        }
        finally
        {
            Signal(follower, "KILL");
        }
    }

    [SkippableFact]
    public void An_augmented_experiment_is_refused_on_two_ranks_with_one_message()
    {
        Skip.If(Mpi.Missing is not null, Mpi.Missing);
        Skip.If(!File.Exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"), "fashion-mnist's data is missing: apt-get install dataset-fashion-mnist");
        var output = Path.Combine(runs.Root, "augmented");
        using var run = Mpi.Start(2, ["train", "fashion-mnist", "--steps", "10", "--batch-size", "64", "--device", "cpu", "--out", output,
            "--eval-every", "0", "--threads", "1", "--data-parallel", "--rank-timeout", "60"]);
        var code = run.Wait(180);
        log.WriteLine(run.Output);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("augments its discriminator's inputs ([Augmentation])", run.Output);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "a run folder was written");
    }

    /// <summary>Two ranks of an endless ring8-tricks run into its own folder, once both are training; the pid of rank 1.</summary>
    (Launched Run, int Follower) StartTraining(string folder, int rankTimeoutSeconds)
    {
        var run = Mpi.Start(2, ["train", "ring8-tricks", "--steps", "1000000", "--batch-size", "64", "--device", "cpu", "--out", Path.Combine(runs.Root, folder),
            "--log-every", "50", "--eval-every", "0", "--threads", "1", "--data-parallel", "--rank-timeout", rankTimeoutSeconds.ToString()]);
        try
        {
            var follower = Pid(run.WaitForLine(line => line.Contains("rank 1 of 2 (pid "), 120, "from rank 1"));
            run.WaitForLine(line => line.Contains("step "), 120, "of training progress");
            return (run, follower);
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    static int Pid(string line) => int.Parse(line[(line.IndexOf("rank 1 of 2 (pid ", StringComparison.Ordinal) + "rank 1 of 2 (pid ".Length)..].Split(' ')[0]);

    static void Signal(int pid, string signal)
    {
        using var kill = Launched.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.Wait(10);
    }

    static ExperimentDefinition Probe => DataParallelProbe.Definition;

    /// <summary>Every network's weights in a checkpoint of the probe, flattened.</summary>
    internal static Dictionary<string, float[]> Weights(string checkpoint)
    {
        using var session = Trainer.CreateSession(Probe, SessionOptions.Cpu());
        using var data = Probe.CreateData!(new DataOptions(DataParallelRuns.Batch, 0, torch.CPU));
        var loaded = Checkpoint.Load(session, data, Probe.Name, checkpoint);
        Assert.True(loaded.IsSucc, loaded.Match(_ => "", e => e.Message));
        return Flat(session);
    }

    static Dictionary<string, float[]> InitialWeights(long seed)
    {
        using var session = Trainer.CreateSession(Probe, SessionOptions.Cpu(seed));
        return Flat(session);
    }

    static Dictionary<string, float[]> Flat(GanSession session) =>
        session.Networks.ToDictionary(n => n.Name, n => n.Module.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray());

    internal static double MaxDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var most = 0.0;
        for (var i = 0; i < a.Length; i++) most = Math.Max(most, Math.Abs((double)a[i] - b[i]));
        return most;
    }

    static void CopyFolder(string from, string to)
    {
        foreach (var folder in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(folder.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to));
    }
}
