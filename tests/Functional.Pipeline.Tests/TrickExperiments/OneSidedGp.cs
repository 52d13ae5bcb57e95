using Functional.Data;
using Functional.Losses;
using Functional.Networks;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>One-sided gradient penalty at interpolates with the hinge loss and a LayerNorm discriminator.</summary>
[GanExperiment("test-one-sided-gp")]
public static partial class OneSidedGp
{
    [Generator] public static Sequential G() => TinyNetworks.Generator();

    [Discriminator]
    public static Sequential D() => nn.Sequential(
        nn.Linear(2, TinyNetworks.Hidden), Norm.Layer(TinyNetworks.Hidden), Blocks.LeakyRelu(), nn.Linear(TinyNetworks.Hidden, 1));

    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => Hinge.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => Hinge.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [GradientPenalty(PenaltyInput.Interpolated)]
    public static Tensor Penalty(Tensor inputGradients) => GradientPenalties.OneSidedWganGp(inputGradients);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
