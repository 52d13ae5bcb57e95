using Functional.Data;
using Functional.Metrics;
using Functional.Native;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using Spectre.Console;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>
/// `train NAME`: every problem with the request reported at once; then libtorch, the session, the
/// data checked against the networks and the thread count, all before a run folder is made; then
/// the run (<see cref="TrainingLoop"/>).
/// </summary>
public static class TrainCommand
{
    public static int Run(TrainRequest request, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, TextWriter errors,
        CancellationToken cancellation, IAnsiConsole? terminal = null) =>
        RankRun.Edge(request.DataParallel, request.RankTimeout, ranks => ranks is { IsLeader: false }
                ? ranks.Follow(experiments, request.LibTorch, null, request.Threads, output, cancellation)
                : Train(request, experiments, output, cancellation, terminal, ranks),
            output, errors);

    static Fin<int> Train(TrainRequest request, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, CancellationToken cancellation, IAnsiConsole? terminal,
        RankRun? ranks)
    {
        // Every problem at once: the settings that could not be read, the options, the experiment's name, and each hyperparameter setting.
        var (unreadable, settings) = request.Settings();
        var configured = (request.Validate(),
                ExperimentLookup.Find(request.Experiment, experiments).Bind(e => e.Configure(settings)).Bind(e => ExperimentLookup.ReadsFiles(e, request.Data)))
            .Apply((_, experiment) => experiment);
        var checkedRequest = unreadable.IsEmpty ? configured : (Fail<Error, Unit>(unreadable), configured).Apply((_, e) => e);
        return checkedRequest.ToFin().Bind(experiment => Start(request, experiment, output, cancellation, terminal, ranks));
    }

    static Fin<int> Start(TrainRequest request, ExperimentDefinition experiment, TextWriter output, CancellationToken cancellation, IAnsiConsole? terminal,
        RankRun? ranks)
    {
        var config = request.ConfigFor(experiment.Training) with
        {
            Hyperparameters = experiment.Hyperparameters is { } h ? HyperparameterSettings.ToJson(h) : null,
            Data = request.Data is null ? null : Path.GetFullPath(request.Data),
            BestMetric = request.BestMetric ?? experiment.BestMetric,
            Ranks = ranks?.Ranks.Size,
        };
        return TorchEnvironment.Open(request.LibTorch, config.Device).Bind(device =>
            RunData.Session(experiment, new SessionOptions(device, config.Seed, config.Guarded, config.Data)).Bind(created =>
            {
                using var session = created;
                return RunData.Open(experiment, session, new DataOptions(config.BatchSize, config.Seed, device, config.Data))
                    .Bind(data => ranks is null ? Prelude.FinSucc(data) : ranks.Join(session, data, config.BatchSize))
                    .Bind(data =>
                    {
                        using (data)
                            return IntraOpThreads.Choose(request.Threads, () => LayerWork.Measure(session, config.BatchSize / (ranks?.Ranks.Size ?? 1), data), ranks?.Cores).AsBadInput()
                                .Bind(threads => RunFolder.Create(request.OutputRoot, experiment.Name, DateTime.Now)
                                    .Bind(run => Begin(run, config with { Threads = threads.Threads }, threads, experiment, session, data, device, output, cancellation, terminal, ranks)));
                    });
            }));
    }

    /// <summary>The new run folder's first files and lines, then the run (a sweep's cell starts the same way).</summary>
    internal static Fin<int> Begin(RunFolder run, RunConfig config, ThreadChoice threads, ExperimentDefinition experiment, GanSession session, IBatchSource data,
        TorchSharp.torch.Device device, TextWriter output, CancellationToken cancellation, IAnsiConsole? terminal, RankRun? ranks,
        Action<MetricSet>? finished = null)
    {
        File.WriteAllText(run.Config, config.ToJson());
        output.WriteLine($"Training {experiment.Name} on {TorchEnvironment.Name(device)} for {config.Steps} steps (batch {config.BatchSize}, seed {config.Seed}).");
        TorchEnvironment.UseThreads(threads, output);
        if (experiment.Tricks.Count > 0) output.WriteLine($"Tricks: {string.Join("; ", experiment.Tricks)}");
        if (experiment.Hyperparameters is { } hyper)
            output.WriteLine($"Hyperparameters: {string.Join(", ", hyper.Current().Select(c => $"{c.Parameter.Name}={c.Value}"))}");
        var before = Trainer.Evaluate(session, experiment.MetricSamples, data: data);
        if (before.Count > 0) output.WriteLine($"Untrained: {before}");
        // A best metric the experiment does not report is bad input: the folder goes again, nothing ran.
        return BestMetric.Choose(config.BestMetric, before, experiment.Name)
            .BiMap(best => best, e =>
            {
                Directory.Delete(run.Path, recursive: true);
                return e;
            })
            .Bind(_ =>
            {
                MetricsLog.WriteUntrained(run, before);
                // Something to roll back to before the first periodic checkpoint.
                Fin<Unit> first = config.RollsBack ? new Checkpoints(run, config.Keep).Save(session, data, experiment.Name, config.ToJson()).Map(_ => unit) : unit;
                return first.Bind(_ => TrainingLoop.Continue(run, config, experiment, session, data, before, output, cancellation, terminal, ranks, finished));
            });
    }
}
