using Functional.Data;
using Functional.Losses;
using Functional.Metrics;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>R1 every 4th discriminator step (lazy), non-saturating loss, EMA of the generator, with metrics.</summary>
[GanExperiment("test-lazy-r1")]
public static partial class LazyR1
{
    public const int Interval = 4;

    [Generator] public static Sequential G() => TinyNetworks.Generator();
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [GradientPenalty(PenaltyInput.Real, Interval = Interval)]
    public static Tensor R1(Tensor inputGradients) => GradientPenalties.R1(inputGradients, gamma: 1);

    [ParameterAveraging] public static double Ema(long generatorStep) => ParameterAveraging.EmaDecay(generatorStep, 0.99, rampUpSteps: 10);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);

    [Metrics(Samples = 200)] public static MetricSet Metrics(Tensor samples) => MixtureMetrics.Evaluate(samples, GaussianMixture.Ring());
}
