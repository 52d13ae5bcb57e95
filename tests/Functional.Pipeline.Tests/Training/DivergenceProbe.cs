using Functional.Data;
using Functional.Losses;
using Functional.Optimizers;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

/// <summary>Switches a test flips to make the probe's next updates non-finite on purpose.</summary>
public sealed class Poison
{
    /// <summary>The discriminator's loss becomes NaN (and with it its gradients).</summary>
    public bool DiscriminatorLoss { get; set; }

    /// <summary>The discriminator's loss stays finite but its gradients are NaN (d√u at u = 0, times 0).</summary>
    public bool DiscriminatorGradient { get; set; }

    /// <summary>The generator's loss becomes +inf.</summary>
    public bool GeneratorLoss { get; set; }

    public bool Everything
    {
        set => DiscriminatorLoss = GeneratorLoss = value;
    }
}

[Hyperparameters]
public sealed record DivergenceSettings
{
    public Poison Poison { get; init; } = new();
}

/// <summary>
/// An experiment made to diverge on demand, with state everywhere a skipped update must not touch:
/// two Adams (FusedAdam for the generator, whose flat buffer it shares with the EMA, and TorchSharp's
/// for the discriminator), an EMA, weight clipping after the discriminator's update.
/// </summary>
[GanExperiment("divergence-probe")]
public static partial class DivergenceProbe
{
    [Generator] public static Sequential G() => nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2));
    [Discriminator] public static Sequential D() => nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1));
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => randn(batchSize, 4, device: device, generator: random);

    [DiscriminatorLoss]
    public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits, DivergenceSettings settings)
    {
        var loss = NonSaturating.Discriminator(realLogits, fakeLogits);
        if (settings.Poison.DiscriminatorLoss) loss = loss * double.NaN;
        if (settings.Poison.DiscriminatorGradient) loss = loss + (realLogits * 0).sqrt().sum();
        return loss;
    }

    [GeneratorLoss]
    public static Tensor GLoss(Tensor fakeLogits, DivergenceSettings settings) =>
        settings.Poison.GeneratorLoss ? NonSaturating.Generator(fakeLogits) * double.PositiveInfinity : NonSaturating.Generator(fakeLogits);

    [GeneratorOptimizer] public static FusedAdam GOpt(IEnumerable<Parameter> parameters) => new(parameters, lr: 1e-3);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 2e-3);
    [ParameterAveraging] public static double Ema(long generatorStep) => 0.9;
    [AfterDiscriminatorStep] public static void ClipWeights(IEnumerable<Parameter> parameters) => Clipping.Weights(parameters, 0.5);
    [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);
}
