using Functional.Data;
using Functional.Losses;
using Functional.Networks;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>DRAGAN (penalty at perturbed real points) with the minimax loss and a weight-normalized discriminator.</summary>
[GanExperiment("test-dragan")]
public static partial class Dragan
{
    [Generator] public static Sequential G() => TinyNetworks.Generator();

    [Discriminator]
    public static Sequential D() => nn.Sequential(
        WeightNorm.Linear(2, TinyNetworks.Hidden), Blocks.LeakyRelu(), WeightNorm.Linear(TinyNetworks.Hidden, 1));

    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => Minimax.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => Minimax.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [GradientPenalty(PenaltyInput.PerturbedReal)]
    public static Tensor Penalty(Tensor inputGradients) => GradientPenalties.Dragan(inputGradients);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
