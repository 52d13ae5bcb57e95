using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Losses;

/// <summary>
/// The standard GAN loss (Goodfellow et al. 2014) with the generator's non-saturating objective:
/// the generator maximises log D(G(z)) instead of minimising log(1 - D(G(z))), which keeps its
/// gradient alive while the discriminator still wins easily. All terms take logits, in softplus form.
/// </summary>
public static class NonSaturating
{
    /// <summary>-log sigmoid(real) - log(1 - sigmoid(fake)), averaged: mean softplus(-real) + mean softplus(fake).</summary>
    [Pure]
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) =>
        realLogits.neg().softplus().mean() + fakeLogits.softplus().mean();

    /// <summary>
    /// Binary cross-entropy with logits against soft or flipped targets (label smoothing, label noise).
    /// At hard targets (1 for real, 0 for fake) it equals <see cref="Discriminator(Tensor, Tensor)"/>.
    /// </summary>
    [Pure]
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits, Tensor realTargets, Tensor fakeTargets) =>
        CrossEntropyWithLogits(realLogits, realTargets) + CrossEntropyWithLogits(fakeLogits, fakeTargets);

    /// <summary>-log sigmoid(fake), averaged: mean softplus(-fake).</summary>
    [Pure]
    public static Tensor Generator(Tensor fakeLogits) =>
        fakeLogits.neg().softplus().mean();

    // -t log sigmoid(x) - (1 - t) log(1 - sigmoid(x)) simplifies to softplus(x) - t x, which never
    // takes the log of a sigmoid that has underflowed to 0.
    [Pure]
    internal static Tensor CrossEntropyWithLogits(Tensor logits, Tensor targets) =>
        (logits.softplus() - targets * logits).mean();
}
