using Functional.Data;
using Functional.Losses;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>Two-sided label smoothing (1 → 1 − a, 0 → a) with the least-squares loss's targets overload.</summary>
[GanExperiment("test-two-sided-smoothing")]
public static partial class TwoSidedSmoothing
{
    public const double Amount = 0.2;

    [Generator] public static Sequential G() => TinyNetworks.Generator();
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);

    [DiscriminatorLoss]
    public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits, Tensor realTargets, Tensor fakeTargets) =>
        LeastSquares.Discriminator(realLogits, fakeLogits, realTargets, fakeTargets);

    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => LeastSquares.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [TargetLabels] public static Tensor Targets(Tensor hardTargets) => LabelSmoothing.TwoSided(hardTargets, Amount);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
