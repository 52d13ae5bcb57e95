using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Losses;

/// <summary>
/// The original minimax GAN objective (Goodfellow et al. 2014). The discriminator's loss is the
/// same as <see cref="NonSaturating"/>; the generator minimises log(1 - D(G(z))) directly, which
/// saturates (vanishing gradient) when the discriminator confidently rejects fakes. Kept as a baseline.
/// </summary>
public static class Minimax
{
    [Pure]
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) =>
        NonSaturating.Discriminator(realLogits, fakeLogits);

    [Pure]
    public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits, Tensor realTargets, Tensor fakeTargets) =>
        NonSaturating.Discriminator(realLogits, fakeLogits, realTargets, fakeTargets);

    /// <summary>mean log(1 - sigmoid(fake)) = -mean softplus(fake): the negated fake term of the discriminator's loss.</summary>
    [Pure]
    public static Tensor Generator(Tensor fakeLogits) =>
        fakeLogits.softplus().mean().neg();
}
