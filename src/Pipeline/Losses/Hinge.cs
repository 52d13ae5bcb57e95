using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Losses;

/// <summary>
/// The hinge loss (Lim &amp; Ye 2017; Miyato et al. 2018, used by SNGAN, SAGAN and BigGAN): the
/// discriminator stops pushing once real logits pass +1 and fake logits pass -1, so it spends no
/// capacity on samples it already classifies with margin.
/// </summary>
public static class Hinge
{
    /// <summary>mean relu(1 - real) + mean relu(1 + fake); zero once every real is ≥ 1 and every fake ≤ -1.</summary>
    [Pure]
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) =>
        (1 - realLogits).relu().mean() + (1 + fakeLogits).relu().mean();

    /// <summary>-mean(fake), as for WGAN: the generator has no margin to stop at.</summary>
    [Pure]
    public static Tensor Generator(Tensor fakeLogits) =>
        fakeLogits.mean().neg();
}
