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
/// Class-conditional Fashion-MNIST at 32×32 from the files Debian's dataset-fashion-mnist
/// installs (or `train --data DIR` with the same four files), with the library's image stack:
/// conditional generator (DCGAN, or with <c>residual</c> the SNGAN/BigGAN ResNet with conditional
/// BatchNorm), projection discriminator with spectral norm, hinge loss, TTUR, an EMA of the
/// generator, and DiffAugment on the discriminator's inputs at ADA's adaptive probability. Its
/// metrics compare 5,000 samples with the test split in the features of a classifier trained on
/// the training split (<see cref="Judge"/>), and score the samples' classes with it.
/// </summary>
[GanExperiment("fashion-mnist", Classes = Classes, Steps = 4000, BatchSize = 64, EvaluateEvery = 2000,
    Description = "Fashion-MNIST 32x32 (apt-get install dataset-fashion-mnist): conditional GAN, projection D with spectral norm, hinge, TTUR, EMA, adaptive DiffAugment")]
public static partial class FashionMnist
{
    public const int Classes = 10;
    public const int ImageSize = 32;
    public const int MetricSamples = ImageMetrics.ProtocolSamples;

    /// <summary>Steps of the judge's classifier: enough for about 90 % on the test split (90.5 % measured).</summary>
    public const int ClassifierSteps = 2000;

    /// <summary>
    /// The knobs. Neutral values turn tricks off: Augment false, EmaDecay 0, equal learning rates.
    /// TrainingImages cuts the training split to its first N images (0: all 60,000), for the
    /// small-data measurements.
    /// </summary>
    [Hyperparameters]
    public sealed record Settings(
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "Adam learning rate of the generator")] double GeneratorLearningRate = 2e-4,
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "Adam learning rate of the discriminator (TTUR: larger than G's)")] double DiscriminatorLearningRate = 4e-4,
        [Hyperparameter(Minimum = 0, Maximum = 0.999, Description = "Adam beta1 of both networks")] double Beta1 = 0.0,
        [Hyperparameter(Minimum = 0, Maximum = 0.9999, Description = "Adam beta2 of both networks")] double Beta2 = 0.99,
        [Hyperparameter(Minimum = 0, Maximum = 0.99999, Description = "EMA decay of the sampled generator (0: sample the live one; 0.995 is StyleGAN2's half-life of 10,000 images at batch 64)")] double EmaDecay = 0.995,
        [Hyperparameter(Minimum = 0, Description = "generator steps over which the EMA decay ramps up")] long EmaRampUpSteps = 200,
        [Hyperparameter(Description = "DiffAugment (translation, cutout, colour) on what D sees, at ADA's adaptive probability")] bool Augment = true,
        [Hyperparameter(Description = "the ResNet generator and discriminator (SNGAN/BigGAN) instead of DCGAN's")] bool Residual = false,
        [Hyperparameter(Minimum = 1, Maximum = 256, Description = "channels of the generator's last layer (DCGAN) or its width unit (ResNet)")] int GeneratorWidth = 32,
        [Hyperparameter(Minimum = 1, Maximum = 256, Description = "channels of the discriminator's first layer (DCGAN) or its width unit (ResNet)")] int DiscriminatorWidth = 32,
        [Hyperparameter(Minimum = 1, Maximum = 1024, Description = "latent size")] int LatentSize = 64,
        [Hyperparameter(Minimum = 0, Maximum = 60000, Description = "train on the first N images of the training split (0: all 60,000)")] int TrainingImages = 0,
        [Hyperparameter(Minimum = 1, Maximum = 100000, Description = "Adam steps of the classifier whose features and judgement the metrics use (2,000: about 90 % on the test split)")] int JudgeSteps = ClassifierSteps);

    static readonly ImageGeometry Image = new(ImageSize, 1);

    [Generator]
    public static nn.Module<Tensor, Tensor, Tensor> Generator(Settings s) => s.Residual
        ? ResNetGan.ConditionalGenerator(s.LatentSize, Image, Classes, s.GeneratorWidth)
        : Dcgan.ConditionalGenerator(s.LatentSize, Image, Classes, s.GeneratorWidth, embeddingSize: 32);

    [Discriminator]
    public static ProjectionDiscriminator Discriminator(Settings s) => s.Residual
        ? ResNetGan.ConditionalDiscriminator(Image, Classes, s.DiscriminatorWidth)
        : Dcgan.ConditionalDiscriminator(Image, Classes, s.DiscriminatorWidth);

    [Latent]
    public static Tensor Latent(long batchSize, Device device, Settings s, Generator random) => randn(batchSize, s.LatentSize, device: device, generator: random);

    [DiscriminatorLoss]
    public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => Hinge.Discriminator(realLogits, fakeLogits);

    [GeneratorLoss]
    public static Tensor GeneratorLoss(Tensor fakeLogits) => Hinge.Generator(fakeLogits);

    [GeneratorOptimizer]
    public static FusedAdam GeneratorOptimizer(IEnumerable<Parameter> parameters, Settings s) =>
        new(parameters, lr: s.GeneratorLearningRate, beta1: s.Beta1, beta2: s.Beta2);

    [DiscriminatorOptimizer]
    public static FusedAdam DiscriminatorOptimizer(IEnumerable<Parameter> parameters, Settings s) =>
        new(parameters, lr: s.DiscriminatorLearningRate, beta1: s.Beta1, beta2: s.Beta2);

    /// <summary>
    /// DiffAugment's three transforms, each image's each transform with ADA's probability p: p starts
    /// at 0 and moves toward r_t = 0.6, by at most 1 per 100,000 images (ADA's 500,000 suits runs of
    /// millions of images; these are a few hundred thousand). With Augment off the inputs pass
    /// unchanged and p only reports the overfitting signal.
    /// </summary>
    [Augmentation(Target = AdaptiveAugmentation.DefaultTarget, Interval = 4, ImagesPerUnit = 100_000)]
    public static Tensor Augment(Tensor images, double probability, Settings s, Generator random) =>
        s.Augment ? DiffAugment.Apply(images, probability, random) : images;

    [ParameterAveraging]
    public static double Ema(long generatorStep, Settings s) => ParameterAveraging.EmaDecay(generatorStep, s.EmaDecay, s.EmaRampUpSteps);

    /// <summary>The package's files, or those in `train --data DIR`, at 32×32, with the judge their metrics use.</summary>
    [Data(ReadsFiles = true)]
    public static IBatchSource Data(DataOptions options, Settings s) =>
        FashionMnistData.Open(options.Path, options, ImageSize, s.TrainingImages, (training, test) => Judge(training, test, s.JudgeSteps)).OrThrow();

    /// <summary>A classifier of the ten classes trained on the whole training split, judging against the test split.</summary>
    public static ImageJudge Judge(LabelledImages training, LabelledImages test, int steps = ClassifierSteps) =>
        ImageJudge.ForClasses(training, test, Classes, new FeatureClassifierOptions(Steps: steps));

    [Metrics(Samples = MetricSamples, Best = FrechetDistance.Name)]
    public static MetricSet Metrics(Tensor samples, IBatchSource data) => JudgedImages.Of(data).Evaluate(samples);
}
