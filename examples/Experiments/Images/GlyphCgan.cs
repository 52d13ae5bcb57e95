using Functional.Data;
using Functional.Losses;
using Functional.Metrics;
using Functional.Networks;
using Functional.Optimizers;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Examples.Images;

/// <summary>
/// A class-conditional DCGAN on the built-in glyphs (32×32 digits, 10 classes), small enough to
/// train on a CPU in minutes: a projection discriminator with spectral norm, hinge loss, lazy R1,
/// TTUR (the discriminator learns faster) and an EMA of the generator that is sampled from.
/// <see cref="GlyphCganAblation"/> turns each trick off in turn.
/// </summary>
[GanExperiment("glyphs-cgan", Classes = Classes,
    Description = "Glyphs 32x32: conditional DCGAN, projection D with spectral norm, hinge, lazy R1, TTUR, EMA")]
public static partial class GlyphCgan
{
    public const int Classes = 10;
    public const int LatentSize = 64;
    /// <summary>Generated and real images per evaluation: 2,000, not the 5,000 of docs/metrics.md, to keep an evaluation at seconds on a CPU.</summary>
    public const int MetricSamples = 2_000;

    /// <summary>
    /// The knobs. Each trick has a neutral value that turns it off: SpectralNorm false, R1Gamma 0,
    /// equal learning rates (no TTUR), EmaDecay 0 (sample the live generator).
    /// </summary>
    [Hyperparameters]
    public sealed record Settings(
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "Adam learning rate of the generator")] double GeneratorLearningRate = 2e-4,
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "Adam learning rate of the discriminator (TTUR: larger than G's)")] double DiscriminatorLearningRate = 4e-4,
        [Hyperparameter(Minimum = 0, Maximum = 0.999, Description = "Adam beta1 of both networks")] double Beta1 = 0.0,
        [Hyperparameter(Minimum = 0, Maximum = 0.9999, Description = "Adam beta2 of both networks")] double Beta2 = 0.99,
        [Hyperparameter(Minimum = 0, Description = "R1 penalty weight (0: off)")] double R1Gamma = 0.1,
        [Hyperparameter(Minimum = 0, Maximum = 0.99999, Description = "EMA decay of the sampled generator (0: sample the live one)")] double EmaDecay = 0.99,
        [Hyperparameter(Minimum = 0, Description = "generator steps over which the EMA decay ramps up")] long EmaRampUpSteps = 200,
        [Hyperparameter(Description = "spectral norm on the discriminator's layers")] bool SpectralNorm = true,
        [Hyperparameter(Minimum = 1, Maximum = 512, Description = "channels of the first layer of both networks")] int Width = 16,
        [Hyperparameter(Minimum = 1, Maximum = 1024, Description = "size of the class embeddings")] int EmbeddingSize = 16);

    [Generator]
    public static ConditionalGenerator Generator(Settings settings) =>
        GlyphNetworks.Generator(LatentSize, Classes, settings.Width, settings.EmbeddingSize);

    [Discriminator]
    public static ProjectionDiscriminator Discriminator(Settings settings) =>
        GlyphNetworks.Discriminator(Classes, settings.Width, settings.SpectralNorm);

    [Latent]
    public static Tensor Latent(long batchSize, Device device, Generator random) => randn(batchSize, LatentSize, device: device, generator: random);

    [DiscriminatorLoss]
    public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => Hinge.Discriminator(realLogits, fakeLogits);

    [GeneratorLoss]
    public static Tensor GeneratorLoss(Tensor fakeLogits) => Hinge.Generator(fakeLogits);

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

    /// <summary>The built-in glyphs, or with `train --data PATH` a folder of class subfolders of images or an IDX pair (MNIST), as 32×32 grayscale.</summary>
    [Data(ReadsFiles = true)]
    public static IBatchSource Data(DataOptions options) =>
        options.Path is { } path
            ? ImageFiles.Open(path, options, new ImageFolderOptions(Size: 32, Color: ImageColor.Grayscale)).OrThrow()
            : GlyphDataset.Open(options).Map(IBatchSource (glyphs) => glyphs).OrThrow();

    [Metrics(Samples = MetricSamples, Best = FrechetDistance.Name)]
    public static MetricSet Metrics(Tensor samples) => GlyphJudge.Shared.Evaluate(samples, Classes);
}
