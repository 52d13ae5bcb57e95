using System.Text;
using System.Text.Json;
using Functional.Data;
using Functional.Distributed;
using Functional.Native;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>What rank 0 tells the other ranks before a run: go, with the run's configuration, or stop, with its exit code.</summary>
sealed record StartMessage(bool Go, int ExitCode = 0, string? Config = null, string? Run = null);

/// <summary>
/// One process's part in `train --data-parallel` or `resume --data-parallel`, launched N times by
/// mpirun or srun. Rank 0 alone checks the request, writes the run folder, logs, evaluates and
/// checkpoints; before the first step it sends the others the run's configuration and its state
/// (weights, optimizer moments, random streams, data position), and they build the same session
/// and follow it step for step, each training on its shard of every batch. A rank that fails tells
/// why and ends every rank (MPI_Abort); one that waits too long for the others says where it waited.
/// </summary>
public sealed class RankRun
{
    /// <summary>How long a rank waits at a collective for the others, unless told (--rank-timeout): longer than rank 0's evaluations.</summary>
    public const double DefaultTimeoutSeconds = 300;

    bool told, agreed;

    RankRun(IRankGroup ranks) => Ranks = ranks;

    public IRankGroup Ranks { get; }

    public bool IsLeader => Ranks.Rank == 0;

    /// <summary>The batch shard of this rank.</summary>
    public BatchShard Shard => new(Ranks.Rank, Ranks.Size);

    /// <summary>
    /// The edge of a command that may run data-parallel: without <paramref name="dataParallel"/>
    /// the command alone (refused when a launcher started several copies of it); with it, the
    /// command as one rank, whose failure ends the others rather than leaving them waiting.
    /// </summary>
    public static int Edge(bool dataParallel, double timeoutSeconds, Func<RankRun?, Fin<int>> command, TextWriter output, TextWriter errors)
    {
        if (!dataParallel)
            return Failure.Exit(LaunchedAsRanks() is { } launched
                ? Failure.BadInput($"this process is rank {launched.Rank} of {launched.Size} ({launched.Variable}), and without --data-parallel each rank would train the whole run on its own: add --data-parallel, or start one process")
                : command(null), output, errors);
        if (!(timeoutSeconds > 0))
            return Failure.Exit(Failure.BadInput($"--rank-timeout {timeoutSeconds} is out of range: use a number of seconds above 0"), output, errors);
        return MpiRanks.Join(TimeSpan.FromSeconds(timeoutSeconds)).AsEnvironment().Match(
            ranks => AsRank(new RankRun(ranks), command, output, errors),
            error => Failure.Exit(error, output, errors));
    }

    static int AsRank(RankRun run, Func<RankRun?, Fin<int>> command, TextWriter output, TextWriter errors)
    {
        try
        {
            var result = command(run);
            var code = Failure.Exit(result, output, errors);
            // Rank 0 failed before the others could start: they stop too, with its exit code.
            if (run.IsLeader && !run.told) run.Tell(new StartMessage(false, code));
            // A rank that failed while the others train (or wait for it) ends them; one that failed after the last step, or none, finishes.
            else if (result.IsFail && !run.agreed) run.Ranks.Abort(code);
            run.Ranks.Dispose();
            return code;
        }
        catch (RanksFailedException e)
        {
            errors.WriteLine($"error: {e.Message}");
            run.Ranks.Abort(ExitCodes.Environment);
            return ExitCodes.Environment;
        }
        catch (Exception e)
        {
            errors.WriteLine($"error: rank {run.Ranks.Rank} of {run.Ranks.Size} failed: {e.GetType().Name}: {e.Message}");
            run.Ranks.Abort(ExitCodes.TrainingFailed);
            return ExitCodes.TrainingFailed;
        }
    }

    /// <summary>A launcher's sign that this process is one of several: Open MPI's mpirun, or srun with several tasks.</summary>
    static (int Rank, int Size, string Variable)? LaunchedAsRanks()
    {
        foreach (var (rank, size) in new[] { ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"), ("SLURM_PROCID", "SLURM_STEP_NUM_TASKS"), ("PMI_RANK", "PMI_SIZE") })
            if (int.TryParse(Environment.GetEnvironmentVariable(size), out var n) && n > 1 && int.TryParse(Environment.GetEnvironmentVariable(rank), out var r))
                return (r, n, size);
        return null;
    }

    /// <summary>Cores this rank may use: its Slurm task's (--cpus-per-task), else this host's shared by the ranks on it.</summary>
    public int Cores =>
        Environment.GetEnvironmentVariable(IntraOpThreads.SlurmCpusVariable) is { Length: > 0 }
            ? IntraOpThreads.AvailableCores()
            : Math.Max(1, IntraOpThreads.AvailableCores() / Math.Max(1, Ranks.LocalSize));

    /// <summary>One line about this rank, for its log: which of how many, its process and host (a test kills a rank by it).</summary>
    public string Describe() =>
        $"rank {Ranks.Rank} of {Ranks.Size} (pid {Environment.ProcessId} on {Environment.MachineName})";

    /// <summary>
    /// This rank's shard of <paramref name="whole"/> (drawn whole, alike on every rank), and the
    /// session put among the ranks; a batch that does not split evenly is bad input.
    /// </summary>
    public Fin<IBatchSource> Join(GanSession session, IBatchSource whole, int batchSize)
    {
        if (Shard.Problem(batchSize) is { } problem)
        {
            whole.Dispose();
            return Failure.BadInput($"--batch-size {batchSize} across {Ranks.Size} ranks: {problem}");
        }
        // Augmentation draws per image on each rank's shard, and ADA adapts p from each rank's own
        // D(real): the ranks would train on other draws than one process, and their p would drift apart.
        if (session.Augmentation is not null && Ranks.Size > 1)
        {
            whole.Dispose();
            return Failure.BadInput("--data-parallel: this experiment augments its discriminator's inputs ([Augmentation]), whose draws and adaptive probability are not shared between ranks yet; train it in one process");
        }
        session.JoinRanks(Ranks);
        return ShardedBatches.Of(whole, Shard);
    }

    /// <summary>Rank 0: the others may start; they get the run's configuration, then rank 0's state.</summary>
    public Fin<Unit> Lead(RunFolder run, RunConfig config, GanSession session, IBatchSource data, string experiment, TextWriter output)
    {
        Tell(new StartMessage(true, Config: config.ToJson(), Run: run.Path));
        output.WriteLine(Ranks.Size == 1
            ? $"Data-parallel: one rank (no other process was started with it by mpirun or srun), so nothing is averaged; {Describe()}."
            : $"Data-parallel: {Ranks.Size} ranks over {Ranks.Transport}; batch {config.BatchSize} = {Ranks.Size} × {config.BatchSize / Ranks.Size}, "
              + $"gradients averaged in one all-reduce per backward pass; {Describe()} writes the run folder.");
        return RankState.Share(Ranks, session, data, experiment, config.ToJson()).AsBadInput();
    }

    void Tell(StartMessage message)
    {
        told = true;
        Ranks.Broadcast(JsonSerializer.SerializeToUtf8Bytes(message), "rank 0's start message");
    }

    /// <summary>
    /// After the last step, on every rank: whether the ranks still hold the same weights (they
    /// should, bit for bit, the averaged generator's too): a line that says so, or a warning.
    /// </summary>
    public (bool Agree, string Line) Agreement(GanSession session)
    {
        var differ = RankState.Disagreeing(Ranks, session);
        agreed = true;
        return differ.Count > 0
            ? (false, $"warning: the ranks' weights differ in {string.Join(", ", differ)}: rank 0's were saved")
            : (true, $"Weights: the same on all {Ranks.Size} ranks ({string.Join(", ", session.Networks.Select(n => n.Name))}).");
    }

    /// <summary>The line rank 0 prints at the end: what the all-reduces cost.</summary>
    public static string CostLine(AllReduceCost cost, TimeSpan training) =>
        $"All-reduce: {cost.Calls} calls, {cost.Time.TotalSeconds:0.00} s ({(training > TimeSpan.Zero ? 100 * cost.Time / training : 0):0.0} % of training), "
        + $"{cost.DiscriminatorFloats:N0} floats per discriminator step and {cost.GeneratorFloats:N0} per generator step.";

    /// <summary>
    /// Every rank but 0: waits for rank 0's word, builds the same session from its configuration,
    /// takes its state, and trains its shard in step with it, writing nothing.
    /// </summary>
    public Fin<int> Follow(IReadOnlyList<ExperimentDefinition> experiments, string? libTorch, string? deviceOverride, int? threadsOverride,
        TextWriter output, CancellationToken cancellation)
    {
        var message = JsonSerializer.Deserialize<StartMessage>(Ranks.Broadcast(null, "rank 0's start message"))!;
        if (!message.Go) return message.ExitCode;
        return from config in RunConfig.Parse(message.Config!, "rank 0's configuration")
               from experiment in (ExperimentLookup.Find(config.Experiment, experiments), config.Settings(message.Run!))
                   .Apply((e, settings) => (e, settings))
                   .Bind(x => x.e.Configure(x.settings.ToArray()))
                   .ToFin()
               from device in TorchEnvironment.Open(libTorch, deviceOverride ?? config.Device)
               from code in Follow(config, experiment, device, threadsOverride, output, cancellation)
               select code;
    }

    Fin<int> Follow(RunConfig config, ExperimentDefinition experiment, TorchSharp.torch.Device device, int? threadsOverride, TextWriter output, CancellationToken cancellation)
    {
        using var session = Trainer.CreateSession(experiment, new SessionOptions(device, config.Seed, config.Guarded));
        return RunData.Open(experiment, session, new DataOptions(config.BatchSize, config.Seed, device, config.Data))
            .Bind(whole => Join(session, whole, config.BatchSize))
            .Bind(data =>
            {
                using (data)
                {
                    return from _ in RankState.Share(Ranks, session, data, experiment.Name, config.ToJson()).AsBadInput()
                           from threads in IntraOpThreads.Choose(threadsOverride ?? config.Threads, () => LayerWork.Measure(session, config.BatchSize / Ranks.Size), Cores).AsBadInput()
                           select Train(config, session, data, threads, output, cancellation);
                }
            });
    }

    int Train(RunConfig config, GanSession session, IBatchSource data, ThreadChoice threads, TextWriter output, CancellationToken cancellation)
    {
        IntraOpThreads.Apply(threads);
        output.WriteLine($"{Describe()}: following rank 0 from step {session.DiscriminatorSteps}, {config.BatchSize / Ranks.Size} of every {config.BatchSize} samples; {threads}.");
        using var stop = cancellation.Register(session.Parallel.RequestStop);
        var report = Trainer.Train(session, data,
            new TrainingOptions(Math.Max(0, config.Steps - session.DiscriminatorSteps), config.LogEvery, 0, 0, config.Divergence, Evaluates: false),
            cancellation: session.Parallel.AgreedStop,
            rollback: config.RollsBack ? () => RankState.Share(Ranks, session, data, config.Experiment, config.ToJson()) : null);
        if (Agreement(session) is (false, var warning)) output.WriteLine(warning);
        return report.Divergence is not null ? ExitCodes.TrainingFailed : report.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
    }
}
