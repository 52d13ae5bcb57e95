using Functional.Data;
using Functional.Losses;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>Label noise: each target flipped with probability <see cref="Probability"/>, with the minimax loss's targets overload.</summary>
[GanExperiment("test-label-flipping")]
public static partial class LabelFlipping
{
    public const double Probability = 0.3;

    [Generator] public static Sequential G() => TinyNetworks.Generator();
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);

    [DiscriminatorLoss]
    public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits, Tensor realTargets, Tensor fakeTargets) =>
        Minimax.Discriminator(realLogits, fakeLogits, realTargets, fakeTargets);

    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => Minimax.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [TargetLabels] public static Tensor Targets(Tensor hardTargets) => LabelNoise.Flip(hardTargets, Probability);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
