using Functional.Data;
using Functional.Metrics;
using Functional.Samples;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;

namespace Functional.Cli;

/// <summary>
/// What a run leaves beside its checkpoints and metrics.jsonl, kept up to date as it trains:
/// TensorBoard scalars at every logging interval; at every evaluation a picture of the fixed-noise
/// samples (samples/step-N.png), the plots (plots/*.png) and, when the chosen metric improved,
/// checkpoints/best.ckpt; at the end the plots again and the final samples (plots/samples.png).
/// Nothing here runs between logging intervals, and nothing here stops training: a file that
/// cannot be written becomes a warning.
/// </summary>
public sealed class RunOutputs
{
    public const string SamplesFolder = RunFolder.SamplesFolder;
    public const string PlotsFolder = RunFolder.PlotsFolder;
    public const string FinalSamplesFile = RunFolder.FinalPictureFile;

    readonly RunFolder run;
    readonly ExperimentDefinition experiment;
    readonly GanSession session;
    readonly IBatchSource data;
    readonly MetricSet metrics;
    readonly string configuration;
    readonly TensorBoardLog? tensorBoard;
    readonly List<string> problems = [];

    RunOutputs(RunFolder run, ExperimentDefinition experiment, GanSession session, IBatchSource data, MetricSet metrics, Option<BestMetric> best, string configuration)
    {
        (this.run, this.experiment, this.session, this.data, this.metrics, this.configuration) = (run, experiment, session, data, metrics, configuration);
        Best = best.MatchUnsafe(m => new BestCheckpoint(run.Path, m), () => (BestCheckpoint?)null);
        Best?.Restore(MetricsLog.Read(run.File(MetricsLog.FileName)));
        try { tensorBoard = new TensorBoardLog(run.Path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { problems.Add($"no TensorBoard log: {e.Message}"); }
    }

    /// <summary>
    /// Starts the outputs of a run whose session is at its current step: <paramref name="metrics"/>
    /// names the metrics and their directions (any evaluation's); a fresh run also gets a picture of
    /// its untrained samples.
    /// </summary>
    public static RunOutputs Open(RunFolder run, ExperimentDefinition experiment, GanSession session, IBatchSource data,
        MetricSet metrics, Option<BestMetric> best, string configuration)
    {
        var outputs = new RunOutputs(run, experiment, session, data, metrics, best, configuration);
        if (session.DiscriminatorSteps == 0) outputs.Picture(0);
        return outputs;
    }

    public BestCheckpoint? Best { get; }

    /// <summary>Files that could not be written, one message each.</summary>
    public IReadOnlyList<string> Problems => problems;

    public static string PicturePath(long step) => RunFolder.PictureName(step);

    /// <summary>At every logging interval, after its line is in metrics.jsonl.</summary>
    public void Record(TrainingProgress progress)
    {
        if (tensorBoard is { } log) Attempt(() => log.Write(progress));
        if (progress.Metrics is not { } evaluated) return;
        Picture(progress.Step);
        if (Best is { } best)
            best.Offer(progress.Step, evaluated, path => Checkpoint.Save(session, data, experiment.Name, configuration, path))
                .IfFail(e => problems.Add(e.Message));
        Plots();
    }

    /// <summary>After the last step (or the stop): the final picture, copied to plots/samples.png, and the plots.</summary>
    public void Finish()
    {
        var step = session.DiscriminatorSteps;
        if (!File.Exists(run.File(PicturePath(step)))) Picture(step);
        if (File.Exists(run.File(PicturePath(step))) && Folder(PlotsFolder, FinalSamplesFile) is { } final)
            Attempt(() => File.Copy(run.File(PicturePath(step)), final, overwrite: true));
        Plots();
    }

    void Picture(long step)
    {
        if (!SamplePicture.CanDraw(session, data)) return;
        var path = Folder(SamplesFolder, Path.GetFileName(PicturePath(step)));
        if (path is null) return;
        SamplePicture.Write(session, data, $"{experiment.Name}, step {step}", path).IfFail(e => problems.Add(e.Message));
    }

    void Plots()
    {
        var history = MetricsLog.Read(run.MetricsLog);
        if (Folder(PlotsFolder, RunPlots.LossesFile) is not { } losses || Folder(PlotsFolder, RunPlots.MetricsFile) is not { } metricsPlot) return;
        Attempt(() => RunPlots.Losses(history, losses));
        Attempt(() => RunPlots.Metrics(history, metrics, Best, metricsPlot));
    }

    /// <summary>The path of <paramref name="file"/> in the run's <paramref name="folder"/>, made if missing; null (and a problem) when it cannot be.</summary>
    string? Folder(string folder, string file)
    {
        try
        {
            Directory.CreateDirectory(run.File(folder));
            return Path.Combine(run.File(folder), file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"could not create {run.File(folder)}: {e.Message}");
            return null;
        }
    }

    void Attempt(Action write)
    {
        try { write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { problems.Add(e.Message); }
    }
}
