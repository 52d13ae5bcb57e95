using Functional.Training;

namespace Functional.Cli;

/// <summary>How a progress report reads, in a plain line and in the live display's status lines.</summary>
public static class ProgressText
{
    /// <summary>One line per logging interval: step, losses, speed, time left, and the metrics where evaluated.</summary>
    public static string Line(TrainingProgress p)
    {
        var line = $"step {p.Step,7}/{p.TotalSteps}  D {p.Losses.Discriminator,8:0.0000}  G {p.Losses.Generator,8:0.0000}";
        if (!double.IsNaN(p.Losses.Penalty)) line += $"  penalty {p.Losses.Penalty:0.0000}";
        line += $"  {p.StepsPerSecond,7:0.0} steps/s  ETA {Remaining(p.TotalSteps - p.Step, p.StepsPerSecond):m\\:ss}";
        if (p.SkippedSteps > 0) line += $"  skipped {p.SkippedSteps}";
        if (p.Augmentation is { } augmentation) line += $"  {Augmentation(augmentation)}";
        if (p.Metrics is { Count: > 0 } m) line += $"  | {m}";
        return line;
    }

    public static string Losses(LossReading losses) =>
        double.IsNaN(losses.Penalty)
            ? $"D {losses.Discriminator:0.0000}  G {losses.Generator:0.0000}"
            : $"D {losses.Discriminator:0.0000}  G {losses.Generator:0.0000}  penalty {losses.Penalty:0.0000}";

    /// <summary>The augmentation probability, and ADA's r_t where it adapts: "p 0.125 r_t 0.64".</summary>
    public static string Augmentation(AugmentationReading augmentation) =>
        augmentation.Signal is { } signal ? $"p {augmentation.Probability:0.000} r_t {signal:0.00}" : $"p {augmentation.Probability:0.000}";

    /// <summary>Time for <paramref name="steps"/> more steps at <paramref name="stepsPerSecond"/>; zero while the speed is unknown.</summary>
    public static TimeSpan Remaining(long steps, double stepsPerSecond) =>
        stepsPerSecond > 0 && double.IsFinite(stepsPerSecond) ? TimeSpan.FromSeconds(Math.Max(0, steps) / stepsPerSecond) : TimeSpan.Zero;
}
