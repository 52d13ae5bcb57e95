using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Losses;

/// <summary>
/// The WGAN objective (Arjovsky et al. 2017): the critic estimates the Wasserstein-1 distance as
/// mean(real) - mean(fake) and so minimises its negation. Needs a Lipschitz constraint on the critic
/// (weight clipping, a gradient penalty or spectral normalisation) to mean anything.
/// </summary>
public static class Wasserstein
{
    /// <summary>mean(fake) - mean(real).</summary>
    [Pure]
    public static Tensor Critic(Tensor realLogits, Tensor fakeLogits) =>
        fakeLogits.mean() - realLogits.mean();

    /// <summary>-mean(fake).</summary>
    [Pure]
    public static Tensor Generator(Tensor fakeLogits) =>
        fakeLogits.mean().neg();
}
