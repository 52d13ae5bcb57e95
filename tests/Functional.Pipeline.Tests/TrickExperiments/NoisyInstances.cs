using Functional.Data;
using Functional.Losses;
using Functional.Networks;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>
/// Instance noise annealed over <see cref="AnnealSteps"/> discriminator steps, with an InstanceNorm
/// discriminator (the hidden 16 units seen as a 4 × 4 map, each sample normalized on its own).
/// </summary>
[GanExperiment("test-instance-noise")]
public static partial class NoisyInstances
{
    public const long AnnealSteps = 10;

    [Generator] public static Sequential G() => TinyNetworks.Generator();

    [Discriminator]
    public static Sequential D() => nn.Sequential(
        nn.Linear(2, TinyNetworks.Hidden), nn.Unflatten(1, [1, 4, 4]), Norm.Instance(1), nn.Flatten(),
        Blocks.LeakyRelu(), nn.Linear(TinyNetworks.Hidden, 1));

    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [InstanceNoise]
    public static Tensor Noise(Tensor input, long discriminatorStep) =>
        InstanceNoise.Add(input, InstanceNoise.LinearAnneal(discriminatorStep, initialSigma: 0.5, annealSteps: AnnealSteps));

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
