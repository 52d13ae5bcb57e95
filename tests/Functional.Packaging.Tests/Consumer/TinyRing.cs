using Functional.Data;
using Functional.Losses;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Consumer;

/// <summary>A ring of 8 Gaussians with small networks, a lazy R1 and an EMA generator.</summary>
[GanExperiment("tiny-ring", Description = "Ring of 8, declared in an application that uses the package")]
public static partial class TinyRing
{
    static readonly GaussianMixture Ring = GaussianMixture.Ring();

    [Generator] public static Sequential G() => nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 2));
    [Discriminator] public static Sequential D() => nn.Sequential(nn.Linear(2, 32), nn.LeakyReLU(0.2), nn.Linear(32, 1));
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => randn(batchSize, 4, device: device, generator: random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3, beta1: 0.5);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3, beta1: 0.5);
    [GradientPenalty(PenaltyInput.Real, Interval = 4)] public static Tensor R1(Tensor inputGradients) => GradientPenalties.R1(inputGradients, gamma: 0.1);
    [ParameterAveraging] public static double Ema(long generatorStep) => ParameterAveraging.EmaDecay(generatorStep, 0.999);
    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(Ring, options);
}
