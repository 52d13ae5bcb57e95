using Functional.Native;
using Functional.Training;
using LanguageExt;
using Spectre.Console;

namespace Functional.Cli;

/// <summary>`resume RUN_DIR`: the run's latest checkpoint, trained on to its configured steps in the same folder.</summary>
public static class ResumeCommand
{
    public static int Run(string runFolder, string? libTorch, string? deviceOverride, IReadOnlyList<ExperimentDefinition> experiments,
        TextWriter output, TextWriter errors, CancellationToken cancellation, IAnsiConsole? terminal = null, int? threadsOverride = null,
        bool dataParallel = false, double rankTimeout = RankRun.DefaultTimeoutSeconds) =>
        RankRun.Edge(dataParallel, rankTimeout, ranks => ranks is { IsLeader: false }
                ? ranks.Follow(experiments, libTorch, deviceOverride, threadsOverride, output, cancellation)
                : File.Exists(Path.Combine(runFolder, SweepCell.CellFile))
                ? Failure.BadInput($"'{runFolder}' is a cell of an ablation, which its variant trains: run the ablation again on its folder ({Path.GetFullPath(Path.Combine(runFolder, "..", ".."))}), which resumes it")
                : OpenedRun.Open(runFolder, libTorch, deviceOverride, experiments)
                    .Bind(opened => ranks is null ? opened : ranks.Join(opened.Session, opened.Data, opened.Config.BatchSize).Map(data => opened with { Data = data }))
                    .Bind(opened =>
                    {
                        using (opened) return Resume(opened, threadsOverride, output, cancellation, terminal, ranks);
                    }),
            output, errors);

    static Fin<int> Resume(OpenedRun opened, int? threadsOverride, TextWriter output, CancellationToken cancellation, IAnsiConsole? terminal, RankRun? ranks)
    {
        var (run, config, experiment, session, data, header) = opened;
        // The run's own thread count, unless told otherwise: on the CPU a different count can round differently.
        var threads = threadsOverride is null && config.Threads is { } recorded
            ? Prelude.FinSucc(new ThreadChoice(recorded, "the run's own"))
            : IntraOpThreads.Choose(threadsOverride, () => LayerWork.Measure(session, config.BatchSize / (ranks?.Ranks.Size ?? 1)), ranks?.Cores).AsBadInput();
        return threads.Bind(choice =>
        {
            output.WriteLine($"Resuming {experiment.Name} at step {header.DiscriminatorSteps} of {config.Steps} from {run.Path}.");
            TorchEnvironment.UseThreads(choice, output);
            return TrainingLoop.Continue(run, config, experiment, session, data, MetricsLog.ReadUntrained(run), output, cancellation, terminal, ranks);
        });
    }
}
