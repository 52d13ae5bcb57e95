using Functional.Training;
using TorchSharp;

namespace Functional.Cli;

/// <summary>
/// A run's scalars for TensorBoard (<c>tensorboard --logdir RUN/tensorboard</c>), written with
/// TorchSharp's SummaryWriter at every logging interval: the losses, the speed and every metric.
/// Each session of a run (train, then each resume) adds its own event file to the folder, named by
/// its start time; TensorBoard reads them in that order as one run, and where a killed session had
/// logged past its last checkpoint, the resumed session's earlier step makes TensorBoard drop the
/// orphaned points (its default purge of out-of-order steps). TorchSharp 0.107 stamps a file's
/// first record (the file version) with DateTime.Ticks rather than Unix seconds; the scalars carry
/// Unix seconds, and TensorBoard's step axis does not use either.
/// </summary>
public sealed class TensorBoardLog(string runFolder)
{
    public const string Folder = RunFolder.TensorBoardFolder;
    public const string DiscriminatorLoss = "loss/discriminator";
    public const string GeneratorLoss = "loss/generator";
    public const string Penalty = "loss/penalty";
    public const string Speed = "speed/steps_per_s";
    public const string MetricPrefix = "metrics/";
    public const string AugmentationProbability = "augment/p";
    public const string OverfittingSignal = "augment/r_t";

    readonly TorchSharp.Modules.SummaryWriter writer = torch.utils.tensorboard.SummaryWriter(Path.Combine(runFolder, Folder));

    public void Write(TrainingProgress progress)
    {
        // The writer's steps are ints; --steps is at most 100,000,000.
        var step = checked((int)progress.Step);
        Scalar(DiscriminatorLoss, progress.Losses.Discriminator, step);
        Scalar(GeneratorLoss, progress.Losses.Generator, step);
        Scalar(Penalty, progress.Losses.Penalty, step);
        Scalar(Speed, progress.StepsPerSecond, step);
        if (progress.Augmentation is { } augmentation)
        {
            Scalar(AugmentationProbability, augmentation.Probability, step);
            if (augmentation.Signal is { } signal) Scalar(OverfittingSignal, signal, step);
        }
        if (progress.Metrics is { } metrics)
            foreach (var metric in metrics) Scalar(MetricPrefix + metric.Name, metric.Value, step);
    }

    void Scalar(string tag, double value, int step)
    {
        if (double.IsFinite(value)) writer.add_scalar(tag, (float)value, step);
    }
}
