using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// Adds Gaussian noise to everything the discriminator sees, real and fake alike, so the two
/// distributions overlap and the discriminator's gradient stays informative early in training
/// (Sønderby et al. 2016; Arjovsky &amp; Bottou 2017). The noise is usually annealed to zero.
/// </summary>
public static class InstanceNoise
{
    /// <summary>
    /// input + sigma N(0, 1); sigma 0 returns <paramref name="input"/> itself. Not [Pure]: it draws
    /// from <paramref name="generator"/> (or the global generator).
    /// </summary>
    public static Tensor Add(Tensor input, double sigma, Generator? generator = null) =>
        ValidSigma(sigma, nameof(sigma)) == 0
            ? input
            : input + sigma * randn(input.shape, dtype: input.dtype, device: input.device, generator: generator);

    /// <summary>Sigma falling linearly from <paramref name="initialSigma"/> at step 0 to 0 at <paramref name="annealSteps"/>, and 0 after.</summary>
    [Pure]
    public static double LinearAnneal(long step, double initialSigma = 0.1, long annealSteps = 10_000) =>
        ValidSigma(initialSigma, nameof(initialSigma)) * RemainingFraction(step, annealSteps);

    [Pure]
    static double RemainingFraction(long step, long annealSteps) =>
        (step, annealSteps) switch
        {
            ( < 0, _) => throw new ArgumentOutOfRangeException(nameof(step), step, "Step must be ≥ 0."),
            (_, <= 0) => throw new ArgumentOutOfRangeException(nameof(annealSteps), annealSteps, "Anneal steps must be ≥ 1."),
            _ when step >= annealSteps => 0.0,
            _ => 1 - (double)step / annealSteps,
        };

    [Pure]
    static double ValidSigma(double sigma, string parameterName) =>
        sigma >= 0
            ? sigma
            : throw new ArgumentOutOfRangeException(parameterName, sigma, "Noise sigma must be ≥ 0.");
}
