using Functional.Metrics;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>The metric that picks a run's best checkpoint, and which way is better.</summary>
public sealed record BestMetric(string Name, bool HigherIsBetter)
{
    /// <summary>
    /// <paramref name="requested"/> among the metrics an evaluation reports, or, when none is asked
    /// for, the first of them; none at all for an experiment without metrics (unless one was asked for).
    /// </summary>
    public static Fin<Option<BestMetric>> Choose(string? requested, MetricSet metrics, string experiment)
    {
        if (requested is null)
            return metrics.Count == 0 ? FinSucc(Option<BestMetric>.None) : FinSucc(Some(new BestMetric(metrics[0].Name, metrics[0].HigherIsBetter)));
        foreach (var metric in metrics)
            if (metric.Name == requested) return FinSucc(Some(new BestMetric(metric.Name, metric.HigherIsBetter)));
        return metrics.Count == 0
            ? FinFail<Option<BestMetric>>(Failure.BadInput($"--best-metric '{requested}': experiment '{experiment}' reports no metrics."))
            : FinFail<Option<BestMetric>>(Failure.BadInput($"--best-metric '{requested}' is not a metric of experiment '{experiment}'; known: {string.Join(", ", metrics.Select(m => m.Name))}."));
    }

    public string Direction => HigherIsBetter ? "higher is better" : "lower is better";
}

/// <summary>
/// checkpoints/best.ckpt: the state of the evaluation with the best value of <see cref="Metric"/>
/// so far (the earliest, on a tie), a whole checkpoint that <c>resume</c>, <c>sample</c> and
/// <c>eval</c> can read. Written aside and renamed like every checkpoint, and never pruned by
/// <c>--keep</c>, which counts only step-*.ckpt files; <c>resume</c> still starts from the newest of those.
/// </summary>
public sealed class BestCheckpoint(string runFolder, BestMetric metric)
{
    public const string FileName = RunFolder.BestCheckpointFile;

    public BestMetric Metric => metric;
    public string Path => new RunFolder(runFolder).BestCheckpoint;

    /// <summary>The step of the best evaluation so far; null before the first.</summary>
    public long? Step { get; private set; }
    public double Value { get; private set; } = double.NaN;

    public bool Improves(double value) =>
        double.IsFinite(value) && (Step is null || (metric.HigherIsBetter ? value > Value : value < Value));

    /// <summary>Saves with <paramref name="save"/> (which gets the path) when <paramref name="metrics"/> improve on the best so far; true when it did.</summary>
    public Fin<bool> Offer(long step, MetricSet metrics, Func<string, Fin<Unit>> save)
    {
        var value = metrics.FirstOrDefault(m => m.Name == metric.Name) is { Name: not null } found ? found.Value : double.NaN;
        if (!Improves(value)) return false;
        try { Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Error.New($"could not create the folder of {Path}: {e.Message}"); }
        return save(Path).Map(_ =>
        {
            (Step, Value) = (step, value);
            return true;
        });
    }

    /// <summary>
    /// For a resumed run: the best so far is the step in best.ckpt's header, with the value the
    /// history logged for it. Without one of them the next evaluation starts the record again.
    /// </summary>
    public void Restore(IReadOnlyList<LoggedStep> history)
    {
        if (!File.Exists(Path)) return;
        var header = Checkpoint.ReadHeader(Path);
        if (header.IsFail) return;
        var step = ((CheckpointHeader)header).DiscriminatorSteps;
        if (history.FirstOrDefault(h => h.Step == step)?[metric.Name] is { } value && double.IsFinite(value))
            (Step, Value) = (step, value);
    }
}
