using Functional.Data;
using Functional.Training;
using LanguageExt;

namespace Functional.Cli;

/// <summary>A run's data: the experiment's source, opened and checked against the session's networks before anything is written.</summary>
public static class RunData
{
    public static Fin<IBatchSource> Open(ExperimentDefinition experiment, GanSession session, DataOptions options)
    {
        IBatchSource data;
        try { data = experiment.CreateData!(options); }
        catch (DataException e) { return Failure.BadInput($"data: {e.Message}"); }
        return Trainer.CheckData(experiment, session, data, options.BatchSize).BiMap(_ => data, e =>
        {
            data.Dispose();
            return Failure.BadInput($"data: {e.Message}");
        });
    }
}
