using Functional.Data;
using Functional.Losses;
using Functional.Metrics;
using Functional.Optimizers;
using Functional.Training;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Examples.Mixtures;

/// <summary>
/// <see cref="Grid25"/> with the trick stack: the same loss and data, plus an exponential moving
/// average of the generator (sampled from), a lazy R1 penalty, a faster discriminator (TTUR) and
/// a discriminator warm-up; the anti-collapse tricks (a categorical latent code with InfoGAN's
/// term, packing, a minibatch standard deviation, a learning-rate decay) are knobs of <see cref="Settings"/>.
/// </summary>
[GanExperiment("grid25-tricks", Steps = 10000, Description = "Grid of 25 Gaussians: non-saturating GAN with EMA generator, lazy R1, TTUR, D warm-up, a 25-category latent code (InfoGAN), a minibatch standard deviation in D and a decay of the rates")]
public static partial class Grid25Tricks
{
    /// <summary>
    /// The stack's knobs; setting one to its neutral value (EmaDecay 0, R1Gamma 0, equal rates, no
    /// warm-up, no code, packing 1, no deviation, no decay) turns that trick off. The code's
    /// default size is the number of modes, a prior the data does not give: docs/benchmarks.md
    /// reports the stack beside the same stack without it and with a mismatched size. The grid is about
    /// 5 times wider than the ring (in σ too), so input gradients are about 5 times smaller and R1's
    /// gamma is 10 times the ring's. Its rates are half the ring's, and its discriminator has a
    /// minibatch standard deviation over groups of 4: at the ring's rates 2 of seeds 2–5 ended at
    /// 22–23 modes after a transient collapse, and without the deviation one seed (9) of 2–9 kept
    /// 25 codes on 20 modes (bench/results/cpu/mode-search/tuning.md).
    /// </summary>
    [Hyperparameters]
    public sealed record Settings(
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "Adam learning rate of the generator")] double GeneratorLearningRate = 1e-3,
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "Adam learning rate of the discriminator (TTUR: larger than G's)")] double DiscriminatorLearningRate = 2.5e-3,
        [Hyperparameter(Minimum = 0, Maximum = 0.999, Description = "Adam beta1 of both networks")] double Beta1 = 0.5,
        [Hyperparameter(Minimum = 0, Maximum = 0.99999, Description = "Adam beta2 of both networks")] double Beta2 = 0.999,
        [Hyperparameter(Minimum = 0, Description = "R1 penalty weight (0: off)")] double R1Gamma = 0.05,
        [Hyperparameter(Minimum = 0, Maximum = 0.99999, Description = "EMA decay of the sampled generator (0: sample the live one)")] double EmaDecay = 0.998,
        [Hyperparameter(Minimum = 0, Description = "generator steps over which the EMA decay ramps up")] long EmaRampUpSteps = 1000,
        [Hyperparameter(Minimum = 0, Description = "discriminator-only steps before the generator starts")] long WarmupSteps = 100,
        [Hyperparameter(Minimum = 1, Maximum = 100, Description = "discriminator steps per generator step")] int DiscriminatorStepsPerGeneratorStep = 1,
        [Hyperparameter(Minimum = 1, Maximum = 4096, Description = "width of both networks' hidden layers")] int Width = MixtureNetworks.Hidden,
        [Hyperparameter(Minimum = 1, Maximum = 1024, Description = "size of the Gaussian latent")] int LatentSize = Grid25.LatentSize,
        [Hyperparameter(Minimum = 0, Maximum = 1024, Description = "categories of the latent code (InfoGAN; 0: none)")] int CodeCategories = 25,
        [Hyperparameter(Minimum = 0, Description = "weight of the mutual-information term (0: the code without InfoGAN's term)")] double InformationWeight = 1.0,
        [Hyperparameter(Minimum = 1, Maximum = 64, Description = "samples the discriminator judges together (PacGAN; 1: none)")] int PackingDegree = 1,
        [Hyperparameter(Minimum = 0, Maximum = 256, Description = "group of the discriminator's minibatch standard deviation (0: none)")] int DeviationGroup = 4,
        [Hyperparameter(Description = "decay both learning rates linearly to 0 over the run")] bool LearningRateDecay = true,
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "fraction of the run before the decay starts")] double DecayHold = 0.0);

    /// <summary>The stack, then each trick turned off by its neutral setting (bench/Mixtures and `ablate` run them).</summary>
    [Variants]
    public static IReadOnlyList<AblationVariant> Ablation()
    {
        var stack = new Settings();
        return
        [
            new("all tricks", Definition),
            new("without EMA", Definition.WithSettings(stack with { EmaDecay = 0 })),
            new("without R1", Definition.WithSettings(stack with { R1Gamma = 0 })),
            new("without TTUR (D lr = G lr)", Definition.WithSettings(stack with { DiscriminatorLearningRate = stack.GeneratorLearningRate })),
            new("without warm-up", Definition.WithSettings(stack with { WarmupSteps = 0 })),
            new("without the latent code", Definition.WithSettings(stack with { CodeCategories = 0 })),
            new("without the learning-rate decay", Definition.WithSettings(stack with { LearningRateDecay = false })),
            new("without the minibatch standard deviation", Definition.WithSettings(stack with { DeviationGroup = 0 })),
        ];
    }

    [Generator]
    public static Sequential Generator(Settings settings) => MixtureNetworks.Generator(settings.LatentSize + settings.CodeCategories, settings.Width);

    [Discriminator]
    public static MixtureDiscriminator Discriminator(Settings settings) =>
        new(settings.PackingDegree, settings.Width, settings.CodeCategories, settings.DeviationGroup);

    [Latent]
    public static Tensor Latent(long batchSize, Device device, Settings settings, Generator random) =>
        randn(batchSize, settings.LatentSize, device: device, generator: random);

    [LatentCode]
    public static int Code(Settings settings) => settings.CodeCategories;

    [Packing]
    public static int Pack(Settings settings) => settings.PackingDegree;

    [DiscriminatorLoss]
    public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) =>
        NonSaturating.Discriminator(realLogits, fakeLogits);

    [GeneratorLoss]
    public static Tensor GeneratorLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);

    [MutualInformation]
    public static Tensor Information(Tensor codeLogits, Tensor codes, Settings settings) =>
        LatentCodes.MutualInformation(codeLogits, codes, settings.InformationWeight);

    [GeneratorOptimizer]
    public static FusedAdam GeneratorOptimizer(IEnumerable<Parameter> parameters, Settings settings) =>
        new FusedAdam(parameters, lr: settings.GeneratorLearningRate, beta1: settings.Beta1, beta2: settings.Beta2);

    [DiscriminatorOptimizer]
    public static FusedAdam DiscriminatorOptimizer(IEnumerable<Parameter> parameters, Settings settings) =>
        new FusedAdam(parameters, lr: settings.DiscriminatorLearningRate, beta1: settings.Beta1, beta2: settings.Beta2);

    [GradientPenalty(PenaltyInput.Real, Interval = 4)]
    public static Tensor R1(Tensor inputGradients, Settings settings) => GradientPenalties.R1(inputGradients, settings.R1Gamma);

    [ParameterAveraging]
    public static double Ema(long generatorStep, Settings settings) =>
        ParameterAveraging.EmaDecay(generatorStep, settings.EmaDecay, settings.EmaRampUpSteps);

    [TrainingSchedule]
    public static TrainingSchedule Schedule(Settings settings) =>
        new(settings.DiscriminatorStepsPerGeneratorStep, settings.WarmupSteps);

    [LearningRateSchedule]
    public static double LearningRates(long discriminatorStep, long totalSteps, Settings settings) =>
        settings.LearningRateDecay ? LearningRateSchedules.LinearToZero(discriminatorStep, totalSteps, settings.DecayHold) : 1.0;

    [Data]
    public static IBatchSource Data(DataOptions options) => Grid25.Data(options);

    [Metrics(Samples = MixtureMetrics.ProtocolSamples, Best = MixtureMetrics.HighQuality)]
    public static MetricSet Metrics(Tensor samples) => Grid25.Metrics(samples);
}
