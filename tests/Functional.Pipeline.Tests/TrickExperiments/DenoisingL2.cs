using Functional.Data;
using Functional.Losses;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>The paired denoising task with λ·L2 and a uniform (running-mean) average of the generator from step <see cref="AverageFrom"/>.</summary>
[GanExperiment("test-denoising-l2")]
public static partial class DenoisingL2
{
    public const double Lambda = 10;
    public const long AverageFrom = 5;

    [Generator] public static Sequential G() => TinyNetworks.Generator(input: 2);
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Source(Batch batch) => batch.Source!;
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-2);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [ReconstructionLoss] public static Tensor L2(Tensor generated, Tensor target) => Lambda * Reconstruction.L2(generated, target);

    [ParameterAveraging] public static double Uniform(long generatorStep) => ParameterAveraging.UniformDecay(generatorStep, AverageFrom);

    [Data] public static IBatchSource Data(DataOptions options) => new NoisyMixturePairs(GaussianMixture.Ring(), options, noise: 0.1);
}
