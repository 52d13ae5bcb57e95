using Functional.Data;
using Functional.Losses;
using Functional.Metrics;
using Functional.Optimizers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Examples.Mixtures;

/// <summary>
/// The grid of 25 Gaussians (PacGAN protocol: means on {−4, −2, 0, 2, 4}², σ = 0.05), a plain
/// non-saturating GAN with the same MLP networks as <see cref="Ring8"/>: the grid's baseline.
/// </summary>
[GanExperiment("grid25", Description = "Grid of 25 Gaussians, plain non-saturating GAN (PacGAN protocol)")]
public static partial class Grid25
{
    public const int LatentSize = 8;

    public static GaussianMixture Mixture { get; } = GaussianMixture.Grid();

    [Generator]
    public static Sequential Generator() => MixtureNetworks.Generator(LatentSize);

    [Discriminator]
    public static Sequential Discriminator() => MixtureNetworks.Discriminator();

    [Latent]
    public static Tensor Latent(long batchSize, Device device, Generator random) => randn(batchSize, LatentSize, device: device, generator: random);

    [DiscriminatorLoss]
    public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) =>
        NonSaturating.Discriminator(realLogits, fakeLogits);

    [GeneratorLoss]
    public static Tensor GeneratorLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);

    [GeneratorOptimizer]
    public static FusedAdam GeneratorOptimizer(IEnumerable<Parameter> parameters) => new FusedAdam(parameters, lr: 1e-3, beta1: 0.5, beta2: 0.999);

    [DiscriminatorOptimizer]
    public static FusedAdam DiscriminatorOptimizer(IEnumerable<Parameter> parameters) => new FusedAdam(parameters, lr: 1e-3, beta1: 0.5, beta2: 0.999);

    [Data]
    public static IBatchSource Data(DataOptions options) => new MixtureBatches(Mixture, options);

    [Metrics(Samples = MixtureMetrics.ProtocolSamples, Best = MixtureMetrics.HighQuality)]
    public static MetricSet Metrics(Tensor samples) => MixtureMetrics.Evaluate(samples, Mixture);
}
