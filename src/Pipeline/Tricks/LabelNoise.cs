using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// Flips a random fraction of the discriminator's targets, a noisy-label regulariser that keeps the
/// discriminator from becoming over-confident (from the "GAN hacks" folklore; compare Salimans et al. 2016).
/// </summary>
public static class LabelNoise
{
    /// <summary>
    /// Each element independently becomes 1 - t with the given probability. Not [Pure]: it draws from
    /// <paramref name="generator"/> (or the global generator); pass a seeded one for reproducible runs.
    /// </summary>
    public static Tensor Flip(Tensor targets, double probability, Generator? generator = null) =>
        where(
            rand(targets.shape, dtype: targets.dtype, device: targets.device, generator: generator) < ValidProbability(probability),
            1 - targets,
            targets);

    static double ValidProbability(double probability) =>
        probability is >= 0 and <= 1
            ? probability
            : throw new ArgumentOutOfRangeException(nameof(probability), probability, "Label flip probability must lie in [0, 1].");
}
