using Functional.Data;
using Functional.Losses;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Cli.Tests;

/// <summary>
/// An experiment made to diverge: the discriminator's SGD runs at learning rate 1e30, so its first
/// update throws its weights so far that every later logit overflows and every loss after it is
/// non-finite. Every learning rate multiplied by 0.5 a few times is still absurd: rollbacks do not help.
/// </summary>
[GanExperiment("test-diverging", Description = "Made to diverge: the discriminator's SGD at lr 1e30")]
public static partial class Diverging
{
    public const double DiscriminatorLearningRate = 1e30;
    public const double GeneratorLearningRate = 1e-3;

    [Generator] public static Sequential G() => nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2));
    [Discriminator] public static Sequential D() => nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1));
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => randn(batchSize, 4, device: device, generator: random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: GeneratorLearningRate);
    [DiscriminatorOptimizer] public static SGD DOpt(IEnumerable<Parameter> parameters) => optim.SGD(parameters, DiscriminatorLearningRate);
    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
