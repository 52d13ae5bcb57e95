using Functional.Data;
using Functional.Examples.Mixtures;
using Functional.Metrics;
using Functional.Optimizers;
using Functional.Training;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Bench.Mixtures;

// ring8-tricks with its R1 penalty on every discriminator step and every 16th (scaled by 16), beside
// the stack's own every 4th: the lazy-regularization comparison of docs/benchmarks.md (steps/s and
// the metrics, over the same seeds). Every other role is Ring8Tricks' own; a penalty's interval is
// part of the compiled step, so each interval is its own experiment.

[GanExperiment("ring8-tricks-r1-every", Description = "ring8-tricks with R1 on every D step")]
public static partial class Ring8TricksR1Every
{
    [Generator] public static Sequential Generator(Ring8Tricks.Settings settings) => Ring8Tricks.Generator(settings);
    [Discriminator] public static MixtureDiscriminator Discriminator(Ring8Tricks.Settings settings) => Ring8Tricks.Discriminator(settings);
    [Latent] public static Tensor Latent(long batchSize, Device device, Ring8Tricks.Settings settings, Generator random) => Ring8Tricks.Latent(batchSize, device, settings, random);
    [LatentCode] public static int Code(Ring8Tricks.Settings settings) => Ring8Tricks.Code(settings);
    [Packing] public static int Pack(Ring8Tricks.Settings settings) => Ring8Tricks.Pack(settings);
    [DiscriminatorLoss] public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => Ring8Tricks.DiscriminatorLoss(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GeneratorLoss(Tensor fakeLogits) => Ring8Tricks.GeneratorLoss(fakeLogits);
    [MutualInformation] public static Tensor Information(Tensor codeLogits, Tensor codes, Ring8Tricks.Settings settings) => Ring8Tricks.Information(codeLogits, codes, settings);
    [GeneratorOptimizer] public static FusedAdam GeneratorOptimizer(IEnumerable<Parameter> parameters, Ring8Tricks.Settings settings) => Ring8Tricks.GeneratorOptimizer(parameters, settings);
    [DiscriminatorOptimizer] public static FusedAdam DiscriminatorOptimizer(IEnumerable<Parameter> parameters, Ring8Tricks.Settings settings) => Ring8Tricks.DiscriminatorOptimizer(parameters, settings);
    [GradientPenalty(PenaltyInput.Real, Interval = 1)] public static Tensor R1(Tensor inputGradients, Ring8Tricks.Settings settings) => GradientPenalties.R1(inputGradients, settings.R1Gamma);
    [ParameterAveraging] public static double Ema(long generatorStep, Ring8Tricks.Settings settings) => Ring8Tricks.Ema(generatorStep, settings);
    [TrainingSchedule] public static TrainingSchedule Schedule(Ring8Tricks.Settings settings) => Ring8Tricks.Schedule(settings);
    [LearningRateSchedule] public static double LearningRates(long discriminatorStep, long totalSteps, Ring8Tricks.Settings settings) => Ring8Tricks.LearningRates(discriminatorStep, totalSteps, settings);
    [Data] public static IBatchSource Data(DataOptions options) => Ring8Tricks.Data(options);
    [Metrics(Samples = MixtureMetrics.ProtocolSamples, Best = MixtureMetrics.HighQuality)] public static MetricSet Metrics(Tensor samples) => Ring8Tricks.Metrics(samples);
}

[GanExperiment("ring8-tricks-r1-lazy16", Description = "ring8-tricks with R1 every 16 D steps")]
public static partial class Ring8TricksR1Lazy16
{
    [Generator] public static Sequential Generator(Ring8Tricks.Settings settings) => Ring8Tricks.Generator(settings);
    [Discriminator] public static MixtureDiscriminator Discriminator(Ring8Tricks.Settings settings) => Ring8Tricks.Discriminator(settings);
    [Latent] public static Tensor Latent(long batchSize, Device device, Ring8Tricks.Settings settings, Generator random) => Ring8Tricks.Latent(batchSize, device, settings, random);
    [LatentCode] public static int Code(Ring8Tricks.Settings settings) => Ring8Tricks.Code(settings);
    [Packing] public static int Pack(Ring8Tricks.Settings settings) => Ring8Tricks.Pack(settings);
    [DiscriminatorLoss] public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => Ring8Tricks.DiscriminatorLoss(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GeneratorLoss(Tensor fakeLogits) => Ring8Tricks.GeneratorLoss(fakeLogits);
    [MutualInformation] public static Tensor Information(Tensor codeLogits, Tensor codes, Ring8Tricks.Settings settings) => Ring8Tricks.Information(codeLogits, codes, settings);
    [GeneratorOptimizer] public static FusedAdam GeneratorOptimizer(IEnumerable<Parameter> parameters, Ring8Tricks.Settings settings) => Ring8Tricks.GeneratorOptimizer(parameters, settings);
    [DiscriminatorOptimizer] public static FusedAdam DiscriminatorOptimizer(IEnumerable<Parameter> parameters, Ring8Tricks.Settings settings) => Ring8Tricks.DiscriminatorOptimizer(parameters, settings);
    [GradientPenalty(PenaltyInput.Real, Interval = 16)] public static Tensor R1(Tensor inputGradients, Ring8Tricks.Settings settings) => GradientPenalties.R1(inputGradients, settings.R1Gamma);
    [ParameterAveraging] public static double Ema(long generatorStep, Ring8Tricks.Settings settings) => Ring8Tricks.Ema(generatorStep, settings);
    [TrainingSchedule] public static TrainingSchedule Schedule(Ring8Tricks.Settings settings) => Ring8Tricks.Schedule(settings);
    [LearningRateSchedule] public static double LearningRates(long discriminatorStep, long totalSteps, Ring8Tricks.Settings settings) => Ring8Tricks.LearningRates(discriminatorStep, totalSteps, settings);
    [Data] public static IBatchSource Data(DataOptions options) => Ring8Tricks.Data(options);
    [Metrics(Samples = MixtureMetrics.ProtocolSamples, Best = MixtureMetrics.HighQuality)] public static MetricSet Metrics(Tensor samples) => Ring8Tricks.Metrics(samples);
}
