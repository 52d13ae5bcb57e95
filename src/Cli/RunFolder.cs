using LanguageExt;

namespace Functional.Cli;

/// <summary>
/// One run's folder and every file in it, by name: the configuration `resume` reads, the metrics
/// history, the untrained metrics, the summary, the final samples, the checkpoints, the sample
/// pictures, the plots and the TensorBoard events. A new one is never an existing folder.
/// </summary>
public sealed record RunFolder(string Path)
{
    public const string ConfigFile = "config.json";
    public const string MetricsLogFile = "metrics.jsonl";
    public const string UntrainedMetricsFile = "untrained-metrics.json";
    public const string SummaryFile = "summary.md";
    public const string FinalSamplesFile = "samples.csv";
    public const string CheckpointsFolder = "checkpoints";
    public const string BestCheckpointFile = "best.ckpt";
    public const string SamplesFolder = "samples";
    public const string PlotsFolder = "plots";
    public const string FinalPictureFile = "samples.png";
    public const string LossesPlotFile = "losses.png";
    public const string MetricsPlotFile = "metrics.png";
    public const string TensorBoardFolder = "tensorboard";

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Config => File(ConfigFile);
    public string MetricsLog => File(MetricsLogFile);
    public string UntrainedMetrics => File(UntrainedMetricsFile);
    public string Summary => File(SummaryFile);
    public string FinalSamples => File(FinalSamplesFile);
    public string Checkpoints => File(CheckpointsFolder);
    public string BestCheckpoint => System.IO.Path.Combine(Checkpoints, BestCheckpointFile);
    public string Samples => File(SamplesFolder);
    public string Plots => File(PlotsFolder);
    public string TensorBoard => File(TensorBoardFolder);

    /// <summary>checkpoints/step-NNNNNNNNN.ckpt: the step's checkpoint, names sorting by step.</summary>
    public string CheckpointAt(long step) => System.IO.Path.Combine(Checkpoints, $"step-{step:D9}.ckpt");

    /// <summary>samples/step-NNNNNNNNN.png, relative to the folder (as the summary links it).</summary>
    public static string PictureName(long step) => System.IO.Path.Combine(SamplesFolder, $"step-{step:D9}.png");

    public string PictureAt(long step) => File(PictureName(step));

    public string Plot(string file) => System.IO.Path.Combine(Plots, file);

    /// <summary>A file `sample` writes: samples-stepN-TIME with the extension of its format.</summary>
    public string SampleFile(long step, DateTime now, string extension) => File($"samples-step{step}-{now:yyyyMMdd-HHmmss}.{extension}");

    /// <summary>A fresh folder under <paramref name="root"/> named after the experiment and the time; a name in use gets a suffix.</summary>
    public static Fin<RunFolder> Create(string root, string experiment, DateTime now)
    {
        var stem = $"{experiment}-{now:yyyyMMdd-HHmmss}";
        try
        {
            Directory.CreateDirectory(root);
            for (var attempt = 1; attempt < 1000; attempt++)
            {
                var path = System.IO.Path.Combine(root, attempt == 1 ? stem : $"{stem}-{attempt}");
                if (Directory.Exists(path) || System.IO.File.Exists(path)) continue;
                Directory.CreateDirectory(path);
                var probe = System.IO.Path.Combine(path, ".write-test");
                System.IO.File.WriteAllText(probe, "");
                System.IO.File.Delete(probe);
                return new RunFolder(System.IO.Path.GetFullPath(path));
            }
            return Failure.BadInput($"--out '{root}': could not find a free run folder name for {stem}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure.BadInput($"--out '{root}' is not writable: {e.Message}");
        }
    }
}
