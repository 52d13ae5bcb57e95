using Functional.Data;
using Functional.Losses;
using Functional.Networks;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>AC-GAN: a conditional generator and a discriminator that also classifies, both trained on the class loss.</summary>
[GanExperiment("test-ac-gan", Classes = Classes)]
public static partial class AuxiliaryClassifierGan
{
    public const int Classes = 8;

    [Generator] public static ConditionalGenerator G() => new(TinyNetworks.Generator(TinyNetworks.Latent + 4), Classes, embeddingSize: 4);
    [Discriminator] public static AuxiliaryClassifierDiscriminator D() => new(TinyNetworks.Features(), TinyNetworks.Hidden, Classes);
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-2);

    [AuxiliaryClassifier] public static Tensor Classify(Tensor classLogits, Tensor labels) => AuxiliaryClassifier.Loss(classLogits, labels);

    [Data] public static IBatchSource Data(DataOptions options) => new LabelledMixtureBatches(GaussianMixture.Ring(), options);
}
