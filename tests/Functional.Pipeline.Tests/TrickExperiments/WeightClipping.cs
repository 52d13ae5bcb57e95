using Functional.Data;
using Functional.Losses;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>The original WGAN: Wasserstein loss, every critic weight clipped after each update, RMSprop.</summary>
[GanExperiment("test-weight-clipping")]
public static partial class WeightClipping
{
    public const double Limit = 0.01;

    [Generator] public static Sequential G() => TinyNetworks.Generator();
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => Wasserstein.Critic(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => Wasserstein.Generator(fakeLogits);
    [GeneratorOptimizer] public static RMSProp GOpt(IEnumerable<Parameter> parameters) => optim.RMSProp(parameters, lr: 5e-5);
    [DiscriminatorOptimizer] public static RMSProp DOpt(IEnumerable<Parameter> parameters) => optim.RMSProp(parameters, lr: 5e-5);

    [AfterDiscriminatorStep]
    public static void Clip(IEnumerable<Parameter> parameters) => Clipping.Weights(parameters, Limit);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
