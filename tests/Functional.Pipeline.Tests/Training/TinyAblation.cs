using Functional.Data;
using Functional.Losses;
using Functional.Metrics;
using Functional.Tests.TrickExperiments;
using Functional.Training;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

/// <summary>A tiny ring experiment with one trick behind a setting, and its ablation: the stack, then the stack without EMA.</summary>
[GanExperiment("test-tiny-ablation")]
public static partial class TinyAblation
{
    [Hyperparameters] public sealed record Settings(double EmaDecay = 0.9);

    [Generator] public static Sequential G() => TinyNetworks.Generator();
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [ParameterAveraging] public static double Ema(long generatorStep, Settings settings) => settings.EmaDecay;
    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
    [Metrics(Samples = 100)] public static MetricSet Metrics(Tensor samples) => MixtureMetrics.Evaluate(samples, GaussianMixture.Ring());

    // A getter, not an initializer: static initializers of partial classes run in no set order, and Definition is generated.
    public static IReadOnlyList<AblationVariant> Variants =>
    [
        new("stack", Definition),
        new("without EMA", With(new Settings(EmaDecay: 0))),
    ];

    static ExperimentDefinition With(Settings settings) => Definition with { CreateSession = options => new Session(options, settings) };
}
