using Functional.Data;
using Functional.Losses;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>
/// The discriminator's gradient clipped to norm <see cref="MaxNorm"/> between backward and update.
/// Plain SGD, so the effect shows: no discriminator update moves its weights further than lr × MaxNorm.
/// </summary>
[GanExperiment("test-gradient-norm-clipping")]
public static partial class GradientNormClipping
{
    public const double MaxNorm = 0.05;
    public const double DiscriminatorLearningRate = 0.1;

    [Generator] public static Sequential G() => TinyNetworks.Generator();
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static SGD DOpt(IEnumerable<Parameter> parameters) => optim.SGD(parameters, DiscriminatorLearningRate);

    [AfterDiscriminatorBackward]
    public static void ClipGradients(IEnumerable<Parameter> parameters) => Clipping.GradientNorm(parameters, MaxNorm);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
