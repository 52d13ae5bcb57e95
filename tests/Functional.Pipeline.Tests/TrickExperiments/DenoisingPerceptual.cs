using Functional.Data;
using Functional.Losses;
using Functional.Networks;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>
/// The paired denoising task with a perceptual loss: features of a fixed random MLP (the frozen
/// network, built once per session) compared after its first and second activation.
/// </summary>
[GanExperiment("test-denoising-perceptual")]
public static partial class DenoisingPerceptual
{
    public static readonly int[] Taps = [1, 3];

    [Generator] public static Sequential G() => TinyNetworks.Generator(input: 2);
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Source(Batch batch) => batch.Source!;
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-2);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [FrozenNetwork]
    public static Sequential Features(DataOptions data) => Blocks.Mlp(2, 32, 2, 8, () => nn.Tanh());

    [ReconstructionLoss]
    public static Tensor Perceptual(Tensor generated, Tensor target, Sequential features) =>
        Reconstruction.Perceptual(FeatureTaps.Collect(features, generated, Taps), FeatureTaps.Collect(features, target, Taps), [1.0, 0.5]);

    [Data] public static IBatchSource Data(DataOptions options) => new NoisyMixturePairs(GaussianMixture.Ring(), options, noise: 0.1);
}
