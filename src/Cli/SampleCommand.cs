using Functional.Samples;
using Functional.Training;
using LanguageExt;
using TorchSharp;

namespace Functional.Cli;

/// <summary>`sample RUN_DIR --count N`: samples of the latest checkpoint's averaged generator, written into the run folder.</summary>
public static class SampleCommand
{
    public static int Run(string runFolder, int count, string? libTorch, string? deviceOverride, IReadOnlyList<ExperimentDefinition> experiments,
        TextWriter output, TextWriter errors) =>
        Failure.Exit(
            count < 1
                ? Failure.BadInput($"--count {count} is out of range: use 1 or more")
                : OpenedRun.Open(runFolder, libTorch, deviceOverride, experiments).Bind(opened =>
                {
                    using (opened) return Write(opened, count, output);
                }),
            output, errors);

    static Fin<int> Write(OpenedRun opened, int count, TextWriter output)
    {
        var (run, _, experiment, session, _, header) = opened;
        if (!session.CanSample) return Failure.BadInput($"{experiment.Name} translates a source batch; it has no unconditional samples to write.");
        using var scope = torch.NewDisposeScope();
        // Conditional experiments cycle the labels 0, 1, …, so a grid with a column per class has one class per column.
        var samples = session.Sample(count).cpu();
        var now = DateTime.Now;
        var written = samples.dim() == 4
            ? SampleExport.PngGrid(samples, run.SampleFile(header.DiscriminatorSteps, now, "png"), experiment.Classes > 0 ? experiment.Classes : (int)Math.Ceiling(Math.Sqrt(count)))
                .Bind(_ => SampleExport.TensorFile(samples, run.SampleFile(header.DiscriminatorSteps, now, "npy")))
                .Map(_ => $"{run.SampleFile(header.DiscriminatorSteps, now, "png")} (grid{(experiment.Classes > 0 ? ", a column per class" : "")}) and {run.SampleFile(header.DiscriminatorSteps, now, "npy")} ([{string.Join(", ", samples.shape)}], values in [-1, 1])")
            : SampleExport.Csv(samples, run.SampleFile(header.DiscriminatorSteps, now, "csv")).Map(_ => run.SampleFile(header.DiscriminatorSteps, now, "csv"));
        return written.AsBadInput().Map(where =>
        {
            output.WriteLine($"Wrote {count} samples (averaged generator) to {where}");
            return ExitCodes.Ok;
        });
    }
}
