using Functional.Data;
using Functional.Losses;
using Functional.Metrics;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Cluster.Probes;

/// <summary>
/// The experiment that shows data-parallel training exact: N ranks with B/N samples each must
/// train the weights one process trains with B, to float rounding. Its layers treat every sample
/// on its own (no BatchNorm, whose batch statistics a shard would change), it has both kinds of
/// gradient penalty (R1 on the real batch and one on interpolated points, which draws from the
/// session's stream), an average of the generator, and SGD with momentum, whose update is linear
/// in the gradient: a difference in the weights is then the gradients' rounding and nothing else.
/// (Adam divides by |g| + ε, which turns the rounding of a near-zero gradient element into a step
/// difference of up to the learning rate: 1.8e-4 in ring8-tricks' discriminator after one step.)
/// </summary>
[GanExperiment("probe-data-parallel", Description = "Cluster-test probe: MLP GAN without batch-coupling layers, R1 + interpolated penalty, EMA, SGD")]
public static partial class DataParallelProbe
{
    public const int LatentSize = 8;

    [Generator]
    public static Sequential Generator() => nn.Sequential(nn.Linear(LatentSize, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2));

    [Discriminator]
    public static Sequential Discriminator() => nn.Sequential(nn.Linear(2, 64), nn.LeakyReLU(0.2), nn.Linear(64, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1));

    [Latent]
    public static Tensor Latent(long batchSize, Device device, Generator random) => randn(batchSize, LatentSize, device: device, generator: random);

    [DiscriminatorLoss]
    public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);

    [GeneratorLoss]
    public static Tensor GeneratorLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);

    [GeneratorOptimizer]
    public static SGD GeneratorOptimizer(IEnumerable<Parameter> parameters) => optim.SGD(parameters, 0.05, momentum: 0.9);

    [DiscriminatorOptimizer]
    public static SGD DiscriminatorOptimizer(IEnumerable<Parameter> parameters) => optim.SGD(parameters, 0.05, momentum: 0.9);

    [GradientPenalty(PenaltyInput.Real, Interval = 2)]
    public static Tensor R1(Tensor inputGradients) => GradientPenalties.R1(inputGradients, gamma: 1);

    [GradientPenalty(PenaltyInput.Interpolated)]
    public static Tensor Interpolated(Tensor inputGradients) => GradientPenalties.WganGp(inputGradients, lambda: 0.1);

    [ParameterAveraging]
    public static double Ema(long generatorStep) => 0.9;

    [Data]
    public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);

    [Metrics]
    public static MetricSet Metrics(Tensor samples) => MixtureMetrics.Evaluate(samples, GaussianMixture.Ring());
}
