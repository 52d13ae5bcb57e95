using Functional.Data;
using Functional.Losses;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

/// <summary>A small experiment with state in every place a checkpoint must cover: both networks, both Adams, an EMA, a lazy penalty, a schedule.</summary>
[GanExperiment("checkpoint-probe")]
public static partial class CheckpointProbe
{
    [Generator] public static Sequential G() => nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2));
    [Discriminator] public static Sequential D() => nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1));
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => randn(batchSize, 4, device: device, generator: random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 2e-3);
    [GradientPenalty(PenaltyInput.Real, Interval = 4)] public static Tensor R1(Tensor inputGradients) => GradientPenalties.R1(inputGradients, 1.0);
    [ParameterAveraging] public static double Ema(long generatorStep) => 0.9;
    [TrainingSchedule] public static Functional.Training.TrainingSchedule Schedule() => new(2, 3);
    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
