using Functional.Data;
using Functional.Training;
using LanguageExt;

namespace Functional.Cli;

/// <summary>A run's data: the experiment's source, opened and checked against the session's networks before anything is written.</summary>
public static class RunData
{
    /// <summary>
    /// The run's session. A session that builds a network from the run's data (a classifier trained
    /// on its fonts, say) fails on bad data as the data itself does: one bad-input error.
    /// </summary>
    public static Fin<GanSession> Session(ExperimentDefinition experiment, SessionOptions options)
    {
        try { return Trainer.CreateSession(experiment, options); }
        catch (DataException e) { return Failure.BadInput($"data: {e.Message}"); }
    }

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
