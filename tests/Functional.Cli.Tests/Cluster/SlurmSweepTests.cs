using Functional.Examples;
using Functional.Training;
using Xunit;
using Xunit.Abstractions;

namespace Functional.Cli.Tests.Cluster;

/// <summary>
/// `ablate --on slurm` against a real Slurm (slurmctld, slurmd and munged started by
/// <see cref="SlurmCluster"/>): a sweep of two variants × two seeds submitted as an array job; one
/// cell's task requeued mid-run (what preemption does) resumes from its checkpoint by itself, and so
/// does one sent the signal that comes before a time limit;
/// another cell's process killed mid-run is reported failed with its log, and running `ablate`
/// again resubmits it alone, to resume from its checkpoint; the table then matches a local
/// `ablate` of the same cells, cell for cell. And `srun` in an allocation starts a data-parallel run.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(AloneInProcess.Name)]
public sealed class SlurmSweepTests(SlurmCluster cluster, ITestOutputHelper log) : IClassFixture<SlurmCluster>, IDisposable
{
    const long Steps = 400;
    const int CheckpointEvery = 50;
    readonly string root = Path.Combine(Path.GetTempPath(), "functional-sweep-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    string[] Sweep(string folder) =>
        ["ablate", "ring8-tricks", "--grid", "r1_gamma=0,0.005", "--seeds", "0,1", "--steps", Steps.ToString(), "--batch-size", "64",
         "--checkpoint-every", CheckpointEvery.ToString(), "--device", "cpu", "--threads", "1", "--out", folder];

    (int Code, string Output) Cli(params string[] arguments)
    {
        using var cli = Launched.Start("dotnet", new[] { Launched.Cli }.Concat(arguments), Launched.Environment(cluster.Environment()));
        var code = cli.Wait(120);
        return (code, cli.Output);
    }

    [SkippableFact]
    public void A_sweep_survives_a_requeued_and_a_killed_task_and_tabulates_what_a_local_ablate_does()
    {
        Skip.If(cluster.Missing is not null, cluster.Missing);
        var folder = Path.Combine(root, "slurm");
        var submitted = Cli([.. Sweep(folder), "--on", "slurm", "--cpus-per-task", "1"]);
        log.WriteLine(submitted.Output);
        Assert.True(submitted.Code == ExitCodes.Ok, submitted.Output);
        Assert.Contains("as Slurm array job", submitted.Output);
        var plan = SweepPlan.Existing(folder).IfFail(e => throw new Xunit.Sdk.XunitException(e.Message));
        var cells = plan.Cells(folder);
        Assert.Equal(4, cells.Count);
        var job = Slurm.Submissions(folder).Single().Job;

        // Task 0, mid-run, goes back in the queue as preemption puts it (SIGTERM, then requeued).
        var requeued = cells[0];
        WaitFor(() => requeued.CheckpointStep().IfNone(0) >= CheckpointEvery, 180, $"a checkpoint of {requeued.CellName}", folder);
        Assert.False(requeued.IsDone, "the cell finished before it could be requeued");
        log.WriteLine(cluster.Client("scontrol", "requeue", $"{job}_0"));
        // A requeued batch job waits for a begin time Slurm sets; start it as soon as a core is free.
        WaitFor(() => cluster.Client("squeue", "-h", "-r", "-j", $"{job}_0", "-o", "%T").Contains("PENDING"), 60, "the requeued task to be pending", folder);
        log.WriteLine(cluster.Client("scontrol", "update", $"jobid={job}_0", "StartTime=now"));

        // Task 1's process, mid-run, is killed outright: Slurm does not requeue a task that failed.
        var killed = cells[1];
        WaitFor(() => killed.CheckpointStep().IfNone(0) >= CheckpointEvery, 180, $"a checkpoint of {killed.CellName}", folder);
        Assert.False(killed.IsDone, "the cell finished before it could be killed");
        var pid = CellProcess(killed.CellName, folder);
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        string report = "";
        WaitFor(() => (report = Cli("ablate", "--collect", "--out", folder).Output).Contains($"failed   {killed.Variant}, seed {killed.Seed}"), 120,
            "the killed cell to be reported failed", folder);
        log.WriteLine(report);
        Assert.Contains($"log: {killed.Log}", report);

        // Task 2 gets the signal Slurm sends before a time limit (--signal=B:USR1): the script stops the cell, which checkpoints, and requeues the task.
        var signalled = cells[2];
        WaitFor(() => signalled.CheckpointStep().IfNone(0) >= CheckpointEvery, 180, $"a checkpoint of {signalled.CellName}", folder);
        Assert.False(signalled.IsDone, "the cell finished before it could be signalled");
        log.WriteLine(cluster.Client("scancel", "--batch", "--signal=USR1", $"{job}_2"));
        WaitFor(() => cluster.Client("squeue", "-h", "-r", "-j", $"{job}_2", "-o", "%T").Contains("PENDING"), 60, "the signalled task to requeue itself", folder);
        log.WriteLine(cluster.Client("scontrol", "update", $"jobid={job}_2", "StartTime=now"));

        // Running ablate again on the folder resubmits the failed cell alone; it resumes from its checkpoint.
        var again = Cli([.. Sweep(folder), "--on", "slurm"]);
        log.WriteLine(again.Output);
        Assert.Contains("Submitted ring8-tricks's 1 cell as Slurm array job", again.Output);

        var collected = (Code: -1, Output: "");
        WaitFor(() => (collected = Cli("ablate", "--collect", "--out", folder)).Code == ExitCodes.Ok, 300, "every cell to be done", folder);
        log.WriteLine(collected.Output);
        Assert.True(File.Exists(Path.Combine(folder, Ablation.TableMarkdownFile)));

        var requeuedAttempts = requeued.AttemptsSoFar();
        Assert.True(requeuedAttempts.Count >= 2, $"the requeued cell started {requeuedAttempts.Count} time(s)");
        Assert.StartsWith("stopped at step", requeuedAttempts[0].Ended);
        Assert.True(requeuedAttempts[^1].FromStep >= CheckpointEvery, $"the requeued cell's last start was at step {requeuedAttempts[^1].FromStep}");
        Assert.Contains("resuming at step", File.ReadAllText(requeued.Log));
        Assert.Contains("ended with exit code 137", File.ReadAllText(killed.Log));
        Assert.Contains("near the time limit: requeueing", File.ReadAllText(signalled.Log));
        Assert.True(signalled.AttemptsSoFar() is { Count: >= 2 } starts && starts[0].Ended.StartsWith("stopped at step") && starts[^1].FromStep >= CheckpointEvery,
            "the signalled cell did not stop, requeue and resume from its checkpoint");
        Assert.True(killed.AttemptsSoFar()[^1].FromStep >= CheckpointEvery, "the killed cell did not resume from its checkpoint");
        Assert.Equal("", cluster.Client("squeue", "-h").Trim());

        // The same cells, locally: the same results, cell for cell.
        var local = Path.Combine(root, "local");
        var request = new AblateRequest("ring8-tricks", "0,1", Steps, 64, ["r1_gamma=0,0.005"], local, "cpu", null, Threads: 1, CheckpointEvery: CheckpointEvery);
        var (code, output) = (0, new StringWriter());
        code = AblateCommand.Run(request, BuiltInExperiments.All, output, output, CancellationToken.None);
        Assert.True(code == ExitCodes.Ok, output.ToString());
        log.WriteLine(output.ToString());
        var onSlurm = AblationResults.Read(Path.Combine(folder, Ablation.ResultsFile));
        var here = AblationResults.Read(Path.Combine(local, Ablation.ResultsFile));
        Assert.Equal(here.Select(r => (r.Variant, r.Seed)), onSlurm.Select(r => (r.Variant, r.Seed)));
        foreach (var (a, b) in here.Zip(onSlurm))
            foreach (var metric in a.Metrics)
                Assert.True(Math.Abs(metric.Value - b.Metrics[metric.Name]) <= 1e-9 * Math.Max(1, Math.Abs(metric.Value)),
                    $"{a.Variant}, seed {a.Seed}: {metric.Name} is {metric.Value} locally and {b.Metrics[metric.Name]} on Slurm");
        Assert.Equal(MetricColumns(local), MetricColumns(folder));
    }

    [SkippableFact]
    public void Srun_starts_a_data_parallel_run_that_trains_what_one_process_trains()
    {
        Skip.If(cluster.Missing is not null, cluster.Missing);
        Skip.If(Mpi.Missing is not null, Mpi.Missing);
        var ranks = Path.Combine(root, "srun");
        using (var run = Launched.Start(Mpi.Which("srun")!, ["--mpi=pmix", "-n", "2", "--cpus-per-task", "1", "dotnet", Launched.Cli,
                   .. DataParallelRuns.TrainArguments(ranks), "--data-parallel", "--rank-timeout", "60"], Launched.Environment(cluster.Environment())))
        {
            Assert.True(run.Wait(180) == 0, run.Output);
            Assert.Contains("Data-parallel: 2 ranks over Open MPI", run.Output);
        }
        var alone = Path.Combine(root, "alone");
        using (var run = Launched.Functional(DataParallelRuns.TrainArguments(alone)))
            Assert.True(run.Wait(180) == 0, run.Output);
        var two = DataParallelTests.Weights(Checkpoints.Latest(Directory.GetDirectories(ranks).Single()).IfFail(""));
        var one = DataParallelTests.Weights(Checkpoints.Latest(Directory.GetDirectories(alone).Single()).IfFail(""));
        foreach (var (network, weights) in one)
            Assert.True(DataParallelTests.MaxDifference(weights, two[network]) < DataParallelTests.Rounding, $"{network}: srun's 2 ranks and one process differ");
    }

    /// <summary>The table's rows without the seconds per run, which differ between machines and attempts.</summary>
    static string[] MetricColumns(string folder) =>
        File.ReadAllLines(Path.Combine(folder, Ablation.TableMarkdownFile))
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal))
            .Select(line => line[..line.TrimEnd(' ', '|').LastIndexOf('|')])
            .ToArray();

    /// <summary>The process of the CLI that trains a cell of this sweep (found by its command line).</summary>
    static int CellProcess(string cell, string sweep)
    {
        foreach (var folder in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            try
            {
                var arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
                if (arguments.Contains("--cell") && arguments.Contains(cell) && arguments.Contains(sweep)) return pid;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        Assert.Fail($"no process trains cell {cell}");
        return 0;
    }

    void WaitFor(Func<bool> condition, double seconds, string what, string folder)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var logs = Directory.Exists(Path.Combine(folder, SweepPlan.CellsFolder))
                    ? string.Join("\n", Directory.GetFiles(Path.Combine(folder, SweepPlan.CellsFolder), SweepCell.LogFile, SearchOption.AllDirectories)
                        .Select(f => $"--- {f}\n{string.Join("\n", File.ReadLines(f).TakeLast(15))}"))
                    : "";
                Assert.Fail($"waited {seconds} s for {what}\n{cluster.Client("squeue", "-h", "-r")}\n{logs}\n{cluster.Logs()}");
            }
            Thread.Sleep(100);
        }
    }
}
