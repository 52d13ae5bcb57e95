using Functional.Data;
using Functional.Losses;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>A paired task (noisy ring point to clean point): the generator reads the source, pix2pix-style λ·L1 to the target.</summary>
[GanExperiment("test-denoising-l1")]
public static partial class DenoisingL1
{
    public const double Lambda = 10;

    [Generator] public static Sequential G() => TinyNetworks.Generator(input: 2);
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Source(Batch batch) => batch.Source!;
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-2);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [ReconstructionLoss] public static Tensor L1(Tensor generated, Tensor target) => Lambda * Reconstruction.L1(generated, target);

    [Data] public static IBatchSource Data(DataOptions options) => new NoisyMixturePairs(GaussianMixture.Ring(), options, noise: 0.1);
}
