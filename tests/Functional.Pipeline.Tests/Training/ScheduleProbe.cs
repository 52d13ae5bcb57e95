using Functional.Data;
using Functional.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

/// <summary>The smallest real experiment with a schedule: 3 critic steps per generator step after 5 critic-only steps.</summary>
[GanExperiment("schedule-probe", Description = "Linear networks on the ring; checks the compiled step follows its schedule")]
public static partial class ScheduleProbe
{
    public static TrainingSchedule Planned { get; } = new(DiscriminatorStepsPerGeneratorStep: 3, WarmupSteps: 5);

    [Generator]
    public static Linear Generator() => nn.Linear(2, 2);

    [Discriminator]
    public static Linear Discriminator() => nn.Linear(2, 1);

    [Latent]
    public static Tensor Latent(long batchSize, Device device, Generator random) => randn(batchSize, 2, device: device, generator: random);

    [DiscriminatorLoss]
    public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => Functional.Losses.Wasserstein.Critic(realLogits, fakeLogits);

    [GeneratorLoss]
    public static Tensor GeneratorLoss(Tensor fakeLogits) => Functional.Losses.Wasserstein.Generator(fakeLogits);

    [GeneratorOptimizer]
    public static Adam GeneratorOptimizer(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-2);

    [DiscriminatorOptimizer]
    public static Adam DiscriminatorOptimizer(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-2);

    [TrainingSchedule]
    public static TrainingSchedule Schedule() => Planned;

    [Data]
    public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
