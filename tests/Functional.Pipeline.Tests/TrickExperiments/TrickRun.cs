using Functional.Data;
using Functional.Training;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>A trick experiment trained for a few steps on its own data, with the loss reading of every step.</summary>
internal sealed class TrickRun : IDisposable
{
    public const int BatchSize = 32;

    TrickRun(GanSession session, IBatchSource data, IReadOnlyList<LossReading> readings)
    {
        Session = session;
        Data = data;
        Readings = readings;
    }

    public GanSession Session { get; }
    public IBatchSource Data { get; }

    /// <summary>One reading per discriminator step: its D loss, its G loss (NaN when G did not step) and its penalty (NaN when none ran).</summary>
    public IReadOnlyList<LossReading> Readings { get; }

    public static TrickRun Train(ExperimentDefinition experiment, long steps, long seed = 0)
    {
        var session = Trainer.CreateSession(experiment, SessionOptions.Cpu(seed));
        var data = experiment.CreateData!(new DataOptions(BatchSize, seed, CPU));
        var more = Continue(session, data, steps);
        return new TrickRun(session, data, more);
    }

    /// <summary>Trains <paramref name="steps"/> more steps of the same session and data.</summary>
    public IReadOnlyList<LossReading> More(long steps) => Continue(Session, Data, steps);

    static IReadOnlyList<LossReading> Continue(GanSession session, IBatchSource data, long steps) =>
        Trainer.Train(session, data, new TrainingOptions(steps, LogEvery: 1, EvaluationSamples: 100)).Log.Select(p => p.Losses).ToArray();

    public void Dispose()
    {
        Session.Dispose();
        Data.Dispose();
    }
}
