using Functional.Data;
using Functional.Losses;
using Functional.Networks;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>
/// BatchNorm in the generator (DCGAN), an EMA copy of it, and a spectrally normalized discriminator
/// with the hinge loss (SNGAN). The average blends weights but copies BatchNorm's running statistics.
/// </summary>
[GanExperiment("test-batchnorm-generator")]
public static partial class BatchNormGenerator
{
    [Generator]
    public static Sequential G() => nn.Sequential(
        nn.Linear(TinyNetworks.Latent, TinyNetworks.Hidden), Norm.Batch1d(TinyNetworks.Hidden), nn.ReLU(), nn.Linear(TinyNetworks.Hidden, 2));

    [Discriminator]
    public static Sequential D() => nn.Sequential(
        SpectralNorm.Linear(2, TinyNetworks.Hidden), Blocks.LeakyRelu(), SpectralNorm.Linear(TinyNetworks.Hidden, 1));

    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => Hinge.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => Hinge.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [ParameterAveraging] public static double Ema(long generatorStep) => ParameterAveraging.EmaDecay(generatorStep, 0.9);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
