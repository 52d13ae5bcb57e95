using Functional.Data;
using Functional.Losses;
using Functional.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>
/// A class-conditional generator against a discriminator that reads the label as extra input,
/// spectrally normalized, trained with the relativistic average loss (whose generator loss also sees real logits).
/// </summary>
[GanExperiment("test-label-concat", Classes = Classes)]
public static partial class LabelConcat
{
    public const int Classes = 8;
    const int Embedding = 4;

    [Generator] public static ConditionalGenerator G() => new(TinyNetworks.Generator(TinyNetworks.Latent + Embedding), Classes, Embedding);

    [Discriminator]
    public static LabelConcatDiscriminator D() => new(
        nn.Sequential(SpectralNorm.Linear(2 + Embedding, TinyNetworks.Hidden), Blocks.LeakyRelu(), SpectralNorm.Linear(TinyNetworks.Hidden, 1)),
        Classes, Embedding);

    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => RelativisticAverage.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits, Tensor realLogits) => RelativisticAverage.Generator(fakeLogits, realLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [Data] public static IBatchSource Data(DataOptions options) => new LabelledMixtureBatches(GaussianMixture.Ring(), options);
}
