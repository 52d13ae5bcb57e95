using Functional.Data;
using Functional.Training;
using LanguageExt;

namespace Functional.Cli;

/// <summary>
/// A run folder opened for `resume`, `sample` or `eval`: its configuration, its experiment with
/// the recorded hyperparameters, and a session and data restored from its latest checkpoint.
/// </summary>
public sealed record OpenedRun(RunFolder Run, RunConfig Config, ExperimentDefinition Experiment, GanSession Session, IBatchSource Data, CheckpointHeader Header)
    : IDisposable
{
    public static Fin<OpenedRun> Open(string runFolder, string? libTorch, string? deviceOverride, IReadOnlyList<ExperimentDefinition> experiments) =>
        from config in RunConfig.Read(runFolder)
        from experiment in (ExperimentLookup.Find(config.Experiment, experiments), config.Settings(runFolder))
            .Apply((e, settings) => (e, settings))
            .Bind(x => x.e.Configure(x.settings.ToArray()))
            .ToFin()
        from latest in Checkpoints.Latest(runFolder)
        from device in TorchEnvironment.Open(libTorch, deviceOverride ?? config.Device)
        from opened in Restore(new RunFolder(Path.GetFullPath(runFolder)), config, experiment, latest, device)
        select opened;

    static Fin<OpenedRun> Restore(RunFolder run, RunConfig config, ExperimentDefinition experiment, string checkpoint, TorchSharp.torch.Device device) =>
        RunData.Session(experiment, new SessionOptions(device, config.Seed, config.Guarded, config.Data))
            .Bind(session => Restore(run, config, experiment, checkpoint, device, session));

    static Fin<OpenedRun> Restore(RunFolder run, RunConfig config, ExperimentDefinition experiment, string checkpoint, TorchSharp.torch.Device device, GanSession session)
    {
        return RunData.Open(experiment, session, new DataOptions(config.BatchSize, config.Seed, device, config.Data))
            .Bind(data => Checkpoint.Load(session, data, experiment.Name, checkpoint).AsBadInput()
                .BiMap(header => new OpenedRun(run, config, experiment, session, data, header), e =>
                {
                    data.Dispose();
                    return e;
                }))
            .BiMap(opened => opened, e =>
            {
                session.Dispose();
                return e;
            });
    }

    public void Dispose()
    {
        Session.Dispose();
        Data.Dispose();
    }
}
