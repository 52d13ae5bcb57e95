using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>
/// Running sums of the step's losses, kept on the device so that a step never waits for the GPU
/// to report a number; <see cref="Read"/> synchronises once per logging interval.
/// </summary>
public sealed class LossMeter : IDisposable
{
    readonly Tensor discriminator;
    readonly Tensor generator;
    readonly Tensor penalty;
    long discriminatorCount, generatorCount, penaltyCount;

    public LossMeter(Device device)
    {
        discriminator = zeros([], device: device);
        generator = zeros([], device: device);
        penalty = zeros([], device: device);
    }

    // Added under no_grad rather than through detach(): the same sum, without a tensor wrapper per call.
    public void AddDiscriminator(Tensor loss) { using (no_grad()) discriminator.add_(loss); discriminatorCount++; }
    public void AddGenerator(Tensor loss) { using (no_grad()) generator.add_(loss); generatorCount++; }
    public void AddPenalty(Tensor loss) { using (no_grad()) penalty.add_(loss); penaltyCount++; }

    /// <summary>Means since the last read (NaN where nothing was added), then starts again.</summary>
    public LossReading Read()
    {
        var reading = new LossReading(
            Mean(discriminator, discriminatorCount),
            Mean(generator, generatorCount),
            Mean(penalty, penaltyCount));
        discriminator.zero_(); generator.zero_(); penalty.zero_();
        discriminatorCount = generatorCount = penaltyCount = 0;
        return reading;
    }

    static double Mean(Tensor sum, long count) => count == 0 ? double.NaN : sum.item<float>() / count;

    public void Dispose()
    {
        discriminator.Dispose();
        generator.Dispose();
        penalty.Dispose();
    }
}

/// <summary>Mean losses over a logging interval; NaN for a loss that did not run in it.</summary>
public readonly record struct LossReading(double Discriminator, double Generator, double Penalty);
