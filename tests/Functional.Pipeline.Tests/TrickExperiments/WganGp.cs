using Functional.Data;
using Functional.Losses;
using Functional.Training;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>WGAN-GP: Wasserstein loss, gradient penalty at interpolates, 3 critic steps per generator step after a warm-up, TTUR.</summary>
[GanExperiment("test-wgan-gp")]
public static partial class WganGp
{
    [Hyperparameters]
    public sealed record Settings(double Lambda = 10, int CriticSteps = 3, long WarmupSteps = 4);

    [Generator] public static Sequential G() => TinyNetworks.Generator();
    [Discriminator] public static Sequential D() => TinyNetworks.Discriminator();
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => Wasserstein.Critic(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => Wasserstein.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-4, beta1: 0, beta2: 0.9);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 4e-4, beta1: 0, beta2: 0.9);

    [GradientPenalty(PenaltyInput.Interpolated)]
    public static Tensor Penalty(Tensor inputGradients, Settings settings) => GradientPenalties.WganGp(inputGradients, settings.Lambda);

    [TrainingSchedule]
    public static TrainingSchedule Schedule(Settings settings) => new(settings.CriticSteps, settings.WarmupSteps);

    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
