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
/// An unconditional GAN on any folder of images (`train images --data DIR --set image_size=64
/// --set channels=3`): PNG/JPEG files in the folder, or in class subfolders (their labels unused),
/// or an MNIST-format IDX pair; each image's centred square resized to image_size, gray or RGB. Its
/// networks are a family of <see cref="Functional.Networks"/> (DCGAN by default, the SNGAN/BigGAN
/// ResNet with <c>residual</c>), with a spectrally normalized discriminator, hinge loss, TTUR, an
/// EMA of the generator and DiffAugment at ADA's adaptive probability, the small-data default.
/// Its metrics need no labels: SWD on the pixels, and Fréchet distance, precision and recall in the
/// features of a classifier trained on the folder's images to tell their four quarter turns apart
/// (<see cref="ImageJudge.ForRotations"/>).
/// </summary>
[GanExperiment("images", Steps = 20000, BatchSize = 64, EvaluateEvery = 2000,
    Description = "Any folder of images (--data DIR; --set image_size=64, channels=3): DCGAN or ResNet, SN discriminator, hinge, TTUR, EMA, adaptive DiffAugment; rotation-feature FD")]
public static partial class FolderImages
{
    public const int MetricSamples = 2_000;

    [Hyperparameters]
    public sealed record Settings(
        [Hyperparameter(Minimum = ImageGeometry.MinimumSize, Maximum = ImageGeometry.MaximumSize, Description = "side of the square images, in pixels (each image's centred square is resized to it)")] int ImageSize = 64,
        [Hyperparameter(Minimum = 1, Maximum = 3, Description = "1 (gray) or 3 (RGB)")] int Channels = 3,
        [Hyperparameter(Description = "the ResNet generator and discriminator (SNGAN/BigGAN) instead of DCGAN's; several times slower, the better networks for a GPU")] bool Residual = false,
        [Hyperparameter(Minimum = 1, Maximum = 512, Description = "channels of the generator's last layer (DCGAN) or its width unit (ResNet)")] int GeneratorWidth = 64,
        [Hyperparameter(Minimum = 1, Maximum = 512, Description = "channels of the discriminator's first layer (DCGAN) or its width unit (ResNet)")] int DiscriminatorWidth = 64,
        [Hyperparameter(Minimum = 1, Maximum = 1024, Description = "latent size")] int LatentSize = 128,
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "Adam learning rate of the generator")] double GeneratorLearningRate = 2e-4,
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "Adam learning rate of the discriminator (TTUR: larger than G's)")] double DiscriminatorLearningRate = 4e-4,
        [Hyperparameter(Minimum = 0, Maximum = 0.99999, Description = "EMA decay of the sampled generator (0: sample the live one)")] double EmaDecay = 0.995,
        [Hyperparameter(Description = "DiffAugment (translation, cutout, colour) on what D sees, at ADA's adaptive probability")] bool Augment = true,
        [Hyperparameter(Minimum = 1, Maximum = 100000, Description = "Adam steps of the rotation classifier whose features the metrics use")] int JudgeSteps = 1000);

    static ImageGeometry Geometry(Settings s) => new(s.ImageSize, s.Channels);

    [Generator]
    public static nn.Module<Tensor, Tensor> Generator(Settings s) => s.Residual
        ? ResNetGan.Generator(s.LatentSize, Geometry(s), s.GeneratorWidth)
        : Dcgan.Generator(s.LatentSize, Geometry(s), s.GeneratorWidth);

    [Discriminator]
    public static ImageDiscriminator Discriminator(Settings s) => s.Residual
        ? ResNetGan.Discriminator(Geometry(s), s.DiscriminatorWidth)
        : Dcgan.Discriminator(Geometry(s), s.DiscriminatorWidth);

    [Latent]
    public static Tensor Latent(long batchSize, Device device, Settings s, Generator random) => randn(batchSize, s.LatentSize, device: device, generator: random);

    [DiscriminatorLoss]
    public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => Hinge.Discriminator(realLogits, fakeLogits);

    [GeneratorLoss]
    public static Tensor GeneratorLoss(Tensor fakeLogits) => Hinge.Generator(fakeLogits);

    [GeneratorOptimizer]
    public static FusedAdam GeneratorOptimizer(IEnumerable<Parameter> parameters, Settings s) => new(parameters, lr: s.GeneratorLearningRate, beta1: 0, beta2: 0.99);

    [DiscriminatorOptimizer]
    public static FusedAdam DiscriminatorOptimizer(IEnumerable<Parameter> parameters, Settings s) => new(parameters, lr: s.DiscriminatorLearningRate, beta1: 0, beta2: 0.99);

    /// <summary>ADA's heuristic at its published speed: p may move by 1 per 500,000 images, toward r_t = 0.6.</summary>
    [Augmentation(Target = AdaptiveAugmentation.DefaultTarget)]
    public static Tensor Augment(Tensor images, double probability, Settings s, Generator random) =>
        s.Augment ? DiffAugment.Apply(images, probability, random) : images;

    [ParameterAveraging]
    public static double Ema(long generatorStep, Settings s) => ParameterAveraging.EmaDecay(generatorStep, s.EmaDecay, rampUpSteps: 200);

    /// <summary>The folder of `train --data DIR`, at the settings' size and colour, with the rotation judge its metrics use.</summary>
    [Data(ReadsFiles = true)]
    public static IBatchSource Data(DataOptions options, Settings s)
    {
        if (options.Path is not { } path)
            throw new DataException("experiment 'images' trains on a folder of your images: pass --data DIR (PNG/JPEG files, or class subfolders of them, or an MNIST-format IDX pair)");
        if (s.Channels is not (1 or 3))
            throw new DataException($"channels = {s.Channels}: images are read as gray (1) or RGB (3)");
        var look = new ImageFolderOptions(s.ImageSize, s.Channels == 3 ? ImageColor.Rgb : ImageColor.Grayscale);
        var source = (LabelledImageSource)ImageFiles.Open(path, options, look).OrThrow();
        return new JudgedImages(source, () => ImageJudge.ForRotations(source.Data, new FeatureClassifierOptions(Steps: s.JudgeSteps)));
    }

    [Metrics(Samples = MetricSamples, Best = FrechetDistance.Name)]
    public static MetricSet Metrics(Tensor samples, IBatchSource data) => JudgedImages.Of(data).Evaluate(samples);
}
