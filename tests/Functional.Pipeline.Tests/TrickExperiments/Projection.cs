using Functional.Data;
using Functional.Losses;
using Functional.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>A class-conditional generator against a projection discriminator, one class per ring mode.</summary>
[GanExperiment("test-projection", Classes = Classes)]
public static partial class Projection
{
    public const int Classes = 8;

    [Generator] public static ConditionalGenerator G() => new(TinyNetworks.Generator(TinyNetworks.Latent + 4), Classes, embeddingSize: 4);
    [Discriminator] public static ProjectionDiscriminator D() => new(TinyNetworks.Features(), TinyNetworks.Hidden, Classes);
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => Hinge.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => Hinge.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [Data] public static IBatchSource Data(DataOptions options) => new LabelledMixtureBatches(GaussianMixture.Ring(), options);
}
