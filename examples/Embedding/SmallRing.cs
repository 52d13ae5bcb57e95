using Functional.Data;
using Functional.Losses;
using Functional.Metrics;
using Functional.Optimizers;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Embedding;

/// <summary>An experiment declared inside the host application: the generator compiles it here.</summary>
[GanExperiment("embedded-ring", Description = "Ring of 8 with EMA and a lazy R1, trained from a host app")]
public static partial class SmallRing
{
    static readonly GaussianMixture Ring = GaussianMixture.Ring();

    [Generator] public static Sequential G() => nn.Sequential(nn.Linear(8, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 2));
    [Discriminator] public static Sequential D() => nn.Sequential(nn.Linear(2, 128), nn.LeakyReLU(0.2), nn.Linear(128, 128), nn.LeakyReLU(0.2), nn.Linear(128, 1));
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => randn(batchSize, 8, device: device, generator: random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static FusedAdam GOpt(IEnumerable<Parameter> parameters) => new FusedAdam(parameters, lr: 1e-3, beta1: 0.5);
    [DiscriminatorOptimizer] public static FusedAdam DOpt(IEnumerable<Parameter> parameters) => new FusedAdam(parameters, lr: 1e-3, beta1: 0.5);
    [GradientPenalty(PenaltyInput.Real, Interval = 4)] public static Tensor R1(Tensor inputGradients) => GradientPenalties.R1(inputGradients, gamma: 0.1);
    [ParameterAveraging] public static double Ema(long generatorStep) => ParameterAveraging.EmaDecay(generatorStep, 0.999, rampUpSteps: 1000);
    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(Ring, options);
    [Metrics] public static MetricSet Metrics(Tensor samples) => MixtureMetrics.Evaluate(samples, Ring);
}
