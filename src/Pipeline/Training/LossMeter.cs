using Functional.Distributed;
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
    IRankGroup? ranks;

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

    /// <summary>Reads over the sums of every rank of <paramref name="group"/> from now on.</summary>
    public void ShareWith(IRankGroup group) => ranks = group;

    /// <summary>Means since the last read (NaN where nothing was added), then starts again.</summary>
    public LossReading Read()
    {
        double[] sums = [discriminator.item<float>(), generator.item<float>(), penalty.item<float>(), discriminatorCount, generatorCount, penaltyCount];
        if (ranks is { Size: > 1 } group)
        {
            using var shared = tensor(sums, dtype: ScalarType.Float64);
            group.AllReduce(shared, Reduction.Sum, "the loss readings of a logging interval");
            sums = shared.data<double>().ToArray();
        }
        var reading = new LossReading(Mean(sums[0], sums[3]), Mean(sums[1], sums[4]), Mean(sums[2], sums[5]));
        discriminator.zero_(); generator.zero_(); penalty.zero_();
        discriminatorCount = generatorCount = penaltyCount = 0;
        return reading;
    }

    // In float, as the sums are kept.
    static double Mean(double sum, double count) => count == 0 ? double.NaN : (float)sum / (long)count;

    public void Dispose()
    {
        discriminator.Dispose();
        generator.Dispose();
        penalty.Dispose();
    }
}

/// <summary>Mean losses over a logging interval; NaN for a loss that did not run in it.</summary>
public readonly record struct LossReading(double Discriminator, double Generator, double Penalty);
