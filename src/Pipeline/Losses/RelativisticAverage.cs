using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Losses;

/// <summary>
/// The relativistic average standard GAN, RaSGAN (Jolicoeur-Martineau 2018): the discriminator
/// estimates how much more realistic a real sample is than the average fake (and a fake than the
/// average real), so the generator's loss also pulls real logits down, and both players see both batches.
/// Only differences of logits matter: adding a constant to every logit changes nothing.
/// </summary>
public static class RelativisticAverage
{
    /// <summary>
    /// -E log sigmoid(real - mean fake) - E log(1 - sigmoid(fake - mean real))
    /// = mean softplus(mean fake - real) + mean softplus(fake - mean real).
    /// </summary>
    [Pure]
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) =>
        Contest(winners: realLogits, losers: fakeLogits);

    /// <summary>The discriminator's loss with the roles swapped: fakes should now look more real than the average real.</summary>
    [Pure]
    public static Tensor Generator(Tensor fakeLogits, Tensor realLogits) =>
        Contest(winners: fakeLogits, losers: realLogits);

    // The loss of the player who wants `winners` to out-score the average loser and `losers` to
    // under-score the average winner.
    [Pure]
    static Tensor Contest(Tensor winners, Tensor losers) =>
        (losers.mean() - winners).softplus().mean() + (losers - winners.mean()).softplus().mean();
}
