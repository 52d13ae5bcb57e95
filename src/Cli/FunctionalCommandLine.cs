using System.CommandLine;
using System.Runtime.InteropServices;
using Functional.Training;

namespace Functional.Cli;

/// <summary>The command tree: `list` and `train`, over a given set of experiments.</summary>
public static class FunctionalCommandLine
{
    public static RootCommand Build(IReadOnlyList<ExperimentDefinition> experiments)
    {
        var root = new RootCommand("Functional: GAN training with tricks declared as attributed C# functions.");
        root.Subcommands.Add(List(experiments));
        root.Subcommands.Add(Train(experiments));
        root.Subcommands.Add(Resume(experiments));
        root.Subcommands.Add(Sample(experiments));
        root.Subcommands.Add(Evaluate(experiments));
        root.Subcommands.Add(Ablate(experiments));
        return root;
    }

    static Command List(IReadOnlyList<ExperimentDefinition> experiments)
    {
        var command = new Command("list", "List the experiments, with their tricks.");
        command.SetAction(_ =>
        {
            foreach (var e in experiments)
            {
                Console.WriteLine($"{e.Name,-16} {e.Description}");
                foreach (var trick in e.Tricks) Console.WriteLine($"{"",-16}   - {trick}");
                Console.WriteLine($"{"",-16}   trains {e.Training} unless told (--steps, --batch-size, --eval-every)");
                if (e.Hyperparameters is { } hyper)
                {
                    Console.WriteLine($"{"",-16}   hyperparameters (--set name=value):");
                    foreach (var (parameter, value) in hyper.Current())
                        Console.WriteLine($"{"",-16}     {parameter.Name,-32} {value,-10} {parameter.Range}{(parameter.Description.Length > 0 ? $"; {parameter.Description}" : "")}");
                }
                if (e.Variants is { } variants)
                    Console.WriteLine($"{"",-16}   ablation variants: {string.Join("; ", variants().Select(v => v.Name))}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Train(IReadOnlyList<ExperimentDefinition> experiments)
    {
        var name = new Argument<string>("experiment") { Description = "Experiment to train (see 'list').", DefaultValueFactory = _ => TrainRequest.DefaultExperiment };
        var steps = new Option<long?>("--steps") { Description = $"Discriminator steps to train (default: the experiment's declared length, else {TrainingLength.DefaultSteps})." };
        var batch = new Option<int?>("--batch-size") { Description = $"Samples per batch (default: the experiment's, else {TrainingLength.DefaultBatchSize})." };
        var seed = new Option<long>("--seed") { Description = "Seed of every random draw.", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var libtorch = new Option<string?>("--libtorch") { Description = "Folder of an existing libtorch (e.g. a CUDA PyTorch's torch/lib); also FUNCTIONAL_LIBTORCH." };
        var output = new Option<string>("--out") { Description = "Folder under which the run folder is made.", DefaultValueFactory = _ => "runs" };
        var logEvery = new Option<int>("--log-every") { Description = "Steps between progress lines.", DefaultValueFactory = _ => 250 };
        var evalEvery = new Option<int?>("--eval-every") { Description = $"Steps between metric evaluations (0: only at the end; default: the experiment's, else {TrainingLength.DefaultEvaluateEvery})." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints (0: only at the end).", DefaultValueFactory = _ => 1000 };
        var keep = new Option<int>("--keep") { Description = "How many of the newest checkpoints to keep.", DefaultValueFactory = _ => 3 };
        var set = new Option<string[]>("--set") { Description = "Set a hyperparameter, name=value (repeatable; see 'list'). Applied after --hyperparameters.", AllowMultipleArgumentsPerToken = false };
        var hyperparameters = new Option<string?>("--hyperparameters") { Description = "A JSON file of hyperparameters: {\"r1_gamma\": 5, \"spectral_norm\": false}." };
        var data = new Option<string?>("--data") { Description = "A data folder, for experiments that read files (class subfolders of PNG/JPEG, or an MNIST-format IDX pair); default: the experiment's built-in data." };
        var maxSkips = new Option<int>("--max-skips") { Description = "Skipped updates of one network in a row (non-finite loss or gradient) before the run stops or rolls back; 0 turns the divergence guard off.", DefaultValueFactory = _ => DivergencePolicy.DefaultMaxConsecutiveSkips };
        var onDivergence = new Option<string>("--on-divergence") { Description = $"{RunConfig.Stop}, or {RunConfig.Rollback} to the latest checkpoint with lower learning rates.", DefaultValueFactory = _ => RunConfig.Stop };
        var rollbackFactor = new Option<double>("--rollback-lr-factor") { Description = "What every learning rate is multiplied by at a rollback (0 < f <= 1).", DefaultValueFactory = _ => DivergencePolicy.DefaultLearningRateFactor };
        var maxRollbacks = new Option<int>("--max-rollbacks") { Description = "Rollbacks before the run stops.", DefaultValueFactory = _ => DivergencePolicy.DefaultMaxRollbacks };
        var threads = ThreadsOption();
        var bestMetric = new Option<string?>("--best-metric") { Description = "Metric whose best evaluation is kept as checkpoints/best.ckpt (default: the experiment's declared best metric, else its first)." };
        var (dataParallel, rankTimeout) = DataParallelOptions();
        var command = new Command("train", "Train an experiment on its default data (or --data) and write a run folder.")
        {
            name, steps, batch, seed, device, libtorch, output, logEvery, evalEvery, checkpointEvery, keep, set, hyperparameters, data,
            maxSkips, onDivergence, rollbackFactor, maxRollbacks, bestMetric, threads, dataParallel, rankTimeout,
        };
        command.SetAction(parse =>
        {
            var request = new TrainRequest(
                parse.GetValue(name)!, parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(seed),
                parse.GetValue(device)!, parse.GetValue(libtorch), parse.GetValue(output)!,
                parse.GetValue(logEvery), parse.GetValue(evalEvery), parse.GetValue(checkpointEvery), parse.GetValue(keep),
                parse.GetValue(maxSkips), parse.GetValue(onDivergence)!, parse.GetValue(rollbackFactor), parse.GetValue(maxRollbacks),
                parse.GetValue(set) ?? [], parse.GetValue(hyperparameters), parse.GetValue(data), parse.GetValue(bestMetric), parse.GetValue(threads),
                parse.GetValue(dataParallel), parse.GetValue(rankTimeout));
            return UntilStopped(token => TrainCommand.Run(request, experiments, Console.Out, Console.Error, token, ProgressDisplay.ProcessTerminal()));
        });
        return command;
    }

    static Option<int?> ThreadsOption() => new("--threads")
    {
        Description = $"libtorch's intra-op threads (default: chosen for the experiment's layer sizes, one for small layers and one per core for large ones; also {Functional.Native.IntraOpThreads.Variable}).",
    };

    static (Option<bool> DataParallel, Option<double> RankTimeout) DataParallelOptions() => (
        new Option<bool>("--data-parallel")
        {
            Description = "Run as one rank of a data-parallel run started by 'mpirun -np N' or 'srun': each rank trains on its shard of every batch, gradients are averaged in one all-reduce per backward pass, rank 0 writes the run folder (Open MPI; CPU).",
        },
        new Option<double>("--rank-timeout")
        {
            Description = "Seconds a rank waits for the others at a synchronisation point (start, each all-reduce, the end) before it stops every rank with an error.",
            DefaultValueFactory = _ => RankRun.DefaultTimeoutSeconds,
        });

    static Argument<string> RunFolderArgument() => new("run-folder") { Description = "A run folder written by 'train'." };

    static Option<string?> DeviceOverride() => new("--device") { Description = "auto, cpu, cuda or cuda:N (default: the run's own)." };

    static Option<string?> LibTorchOption() => new("--libtorch") { Description = "Folder of an existing libtorch; also FUNCTIONAL_LIBTORCH." };

    static Command Resume(IReadOnlyList<ExperimentDefinition> experiments)
    {
        var folder = RunFolderArgument();
        var device = DeviceOverride();
        var libtorch = LibTorchOption();
        var threads = ThreadsOption();
        var (dataParallel, rankTimeout) = DataParallelOptions();
        var command = new Command("resume", "Continue a stopped run from its latest checkpoint to its configured number of steps.") { folder, device, libtorch, threads, dataParallel, rankTimeout };
        command.SetAction(parse =>
        {
            return UntilStopped(token => ResumeCommand.Run(parse.GetValue(folder)!, parse.GetValue(libtorch), parse.GetValue(device), experiments,
                Console.Out, Console.Error, token, ProgressDisplay.ProcessTerminal(), parse.GetValue(threads), parse.GetValue(dataParallel), parse.GetValue(rankTimeout)));
        });
        return command;
    }

    static Command Sample(IReadOnlyList<ExperimentDefinition> experiments)
    {
        var folder = RunFolderArgument();
        var count = new Option<int>("--count") { Description = "How many samples.", DefaultValueFactory = _ => 2500 };
        var device = DeviceOverride();
        var libtorch = LibTorchOption();
        var command = new Command("sample", "Write samples of a run's latest checkpoint (averaged generator) into its folder.") { folder, count, device, libtorch };
        command.SetAction(parse => SampleCommand.Run(parse.GetValue(folder)!, parse.GetValue(count), parse.GetValue(libtorch), parse.GetValue(device), experiments, Console.Out, Console.Error));
        return command;
    }

    static Command Evaluate(IReadOnlyList<ExperimentDefinition> experiments)
    {
        var folder = RunFolderArgument();
        var device = DeviceOverride();
        var libtorch = LibTorchOption();
        var command = new Command("eval", "Print the metrics of a run's latest checkpoint.") { folder, device, libtorch };
        command.SetAction(parse => EvalCommand.Run(parse.GetValue(folder)!, parse.GetValue(libtorch), parse.GetValue(device), experiments, Console.Out, Console.Error));
        return command;
    }

    static Command Ablate(IReadOnlyList<ExperimentDefinition> experiments)
    {
        var name = new Argument<string?>("experiment") { Description = "Experiment to ablate (see 'list'); not needed with --collect or --cell.", Arity = ArgumentArity.ZeroOrOne };
        var seeds = new Option<string>("--seeds") { Description = "Seeds to run each variant with: 0,1,2 or 0-4.", DefaultValueFactory = _ => "0,1" };
        var steps = new Option<long>("--steps") { Description = "Discriminator steps per run.", DefaultValueFactory = _ => 3000 };
        var batch = new Option<int>("--batch-size") { Description = "Samples per batch.", DefaultValueFactory = _ => 256 };
        var grid = new Option<string[]>("--grid") { Description = "A grid axis, name=v1,v2,… (repeatable: every combination); without it, the experiment's declared [Variants]." };
        var set = new Option<string[]>("--set") { Description = "Set a hyperparameter of every variant, name=value (repeatable), e.g. a smaller size; one a variant changes itself is refused.", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string?>("--out") { Description = "Ablation folder (default runs/ablate-NAME); running again resumes it." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var libtorch = LibTorchOption();
        var threads = ThreadsOption();
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Steps between each cell's checkpoints (0: only at the end): a stopped, preempted or requeued cell resumes from its newest.", DefaultValueFactory = _ => 1000 };
        var on = new Option<string>("--on") { Description = "Where the cells train: local (here, one after another) or slurm (an sbatch array job, a task per cell).", DefaultValueFactory = _ => "local" };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition of the cells' tasks (--on slurm)." };
        var time = new Option<string?>("--time") { Description = "Slurm time limit of each task, e.g. 2:00:00; a cell still training near it checkpoints and requeues itself (--on slurm)." };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "Cores of each task (--on slurm; default 1); the cell's threads follow it." };
        var gpus = new Option<int?>("--gpus-per-task") { Description = "GPUs of each task (--on slurm)." };
        var memory = new Option<string?>("--mem") { Description = "Memory of each task, e.g. 4G (--on slurm)." };
        var sbatchArguments = new Option<string[]>("--sbatch-arg") { Description = "Any other sbatch option, written as an #SBATCH line (repeatable), e.g. --sbatch-arg=--account=lab (--on slurm)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the sbatch script and submit nothing (--on slurm)." };
        var collect = new Option<bool>("--collect") { Description = "Report which cells of the --out folder are done, running, queued, failed or missing, and write the table once all are done." };
        var cell = new Option<string?>("--cell") { Description = "Train one cell of the --out folder's sweep (what each Slurm array task runs).", Hidden = true };
        var command = new Command("ablate", "Train each variant of an experiment across seeds, here or on Slurm, and write a table (mean ± sd) and a plot.")
        {
            name, seeds, steps, batch, grid, set, output, device, libtorch, threads, checkpointEvery, on, partition, time, cpus, gpus, memory, sbatchArguments, dryRun, collect, cell,
        };
        command.SetAction(parse =>
        {
            var engine = parse.GetValue(on) switch
            {
                "local" => SweepEngine.Local,
                "slurm" => SweepEngine.Slurm,
                var other => (SweepEngine?)null,
            };
            if (engine is null)
            {
                Console.Error.WriteLine($"error: --on '{parse.GetValue(on)}' is not one of: local, slurm");
                return ExitCodes.BadInput;
            }
            var request = new AblateRequest(parse.GetValue(name), parse.GetValue(seeds)!, parse.GetValue(steps), parse.GetValue(batch),
                parse.GetValue(grid) ?? [], parse.GetValue(output), parse.GetValue(device)!, parse.GetValue(libtorch), parse.GetValue(threads),
                engine.Value, new SlurmOptions(parse.GetValue(partition), parse.GetValue(time), parse.GetValue(cpus), parse.GetValue(gpus), parse.GetValue(memory),
                    parse.GetValue(sbatchArguments) ?? []),
                parse.GetValue(dryRun), parse.GetValue(collect), parse.GetValue(cell), parse.GetValue(checkpointEvery), parse.GetValue(set) ?? []);
            return UntilStopped(token => AblateCommand.Run(request, experiments, Console.Out, Console.Error, token));
        });
        return command;
    }

    /// <summary>
    /// Runs a long command with a token that Ctrl+C (SIGINT) or SIGTERM cancels instead of killing
    /// the process: the command stops after its current step and leaves a checkpoint. SIGTERM is
    /// what Slurm sends on preemption, requeue, scancel and at a time limit before it kills.
    /// </summary>
    static int UntilStopped(Func<CancellationToken, int> command)
    {
        using var cancellation = new CancellationTokenSource();
        Action<PosixSignalContext> stop = context => { context.Cancel = true; cancellation.Cancel(); };
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, stop);
        return command(cancellation.Token);
    }
}
