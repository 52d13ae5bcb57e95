using Functional.Data;
using Functional.Losses;
using Functional.Networks;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>R2 (the zero-centred penalty on generated samples) with the least-squares loss and a GroupNorm discriminator.</summary>
[GanExperiment("test-r2")]
public static partial class R2
{
    [Generator] public static Sequential G() => TinyNetworks.Generator();

    // TorchSharp's GroupNorm wants (N, C, ...) with at least one trailing dimension, so the 16 features become (N, 16, 1).
    [Discriminator]
    public static Sequential D() => nn.Sequential(
        nn.Linear(2, TinyNetworks.Hidden), nn.Unflatten(1, [TinyNetworks.Hidden, 1]), Norm.Group(4, TinyNetworks.Hidden), nn.Flatten(),
        Blocks.LeakyRelu(), nn.Linear(TinyNetworks.Hidden, 1));

    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => LeastSquares.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => LeastSquares.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

    [GradientPenalty(PenaltyInput.Fake)]
    public static Tensor Penalty(Tensor inputGradients) => GradientPenalties.R2(inputGradients, gamma: 1);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
