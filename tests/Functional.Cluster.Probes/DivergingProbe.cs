using Functional.Data;
using Functional.Losses;
using Functional.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Cluster.Probes;

/// <summary>
/// An ablation with a cell that fails: the variant whose discriminator's SGD runs at learning rate
/// 1e30 diverges after its first update (every later loss is non-finite), so the divergence guard
/// stops it; the other variant trains. A sweep reports the one failed and the other done.
/// </summary>
[GanExperiment("probe-diverging", Description = "Cluster-test probe: an ablation whose second variant diverges")]
public static partial class DivergingProbe
{
    [Hyperparameters]
    public sealed record Settings([Hyperparameter(Minimum = 0, Description = "SGD learning rate of the discriminator")] double DiscriminatorLearningRate = 1e-3);

    [Variants]
    public static IReadOnlyList<AblationVariant> Ablation() =>
    [
        new("trains", Definition),
        new("diverges", Definition.WithSettings(new Settings(DiscriminatorLearningRate: 1e30))),
    ];

    [Generator] public static Sequential G() => nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2));
    [Discriminator] public static Sequential D() => nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1));
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => randn(batchSize, 4, device: device, generator: random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static SGD GOpt(IEnumerable<Parameter> parameters) => optim.SGD(parameters, 1e-3);
    [DiscriminatorOptimizer] public static SGD DOpt(IEnumerable<Parameter> parameters, Settings settings) => optim.SGD(parameters, settings.DiscriminatorLearningRate);
    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
    [Metrics] public static Functional.Metrics.MetricSet Metrics(Tensor samples) => Functional.Metrics.MixtureMetrics.Evaluate(samples, GaussianMixture.Ring());
}
