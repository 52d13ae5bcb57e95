using Functional.Data;
using Functional.Losses;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>One-sided label smoothing: real targets 1 − <see cref="Amount"/>, fed to the targets overload of the non-saturating loss.</summary>
[GanExperiment("test-one-sided-smoothing")]
public static partial class OneSidedSmoothing
{
    public const double Amount = 0.1;

    [Generator] public static Sequential G() => TinyNetworks.Generator();
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);

    [DiscriminatorLoss]
    public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits, Tensor realTargets, Tensor fakeTargets) =>
        NonSaturating.Discriminator(realLogits, fakeLogits, realTargets, fakeTargets);

    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-2);

    [TargetLabels] public static Tensor Targets(Tensor hardTargets) => LabelSmoothing.OneSided(hardTargets, Amount);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
