using Functional.Data;
using Functional.Losses;
using Functional.Networks;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>
/// Adaptive DiffAugment on a small image GAN that overfits on purpose: the same 16 images of 8×8
/// every step (<see cref="FixedImages"/>), a discriminator that soon tells them from anything else,
/// and ADA moving p fast (every step, by up to 1 per 320 images, i.e. 0.05 a step).
/// </summary>
[GanExperiment("test-augmented-images")]
public static partial class AugmentedImages
{
    public const int Side = 8, Count = 16;

    [Generator]
    public static Sequential G() => nn.Sequential(
        nn.Linear(TinyNetworks.Latent, 16 * 4 * 4), nn.Unflatten(1, [16, 4, 4]), nn.ReLU(),
        nn.ConvTranspose2d(16, 1, 4, 2, 1), nn.Tanh());

    [Discriminator]
    public static Sequential D() => nn.Sequential(
        nn.Conv2d(1, 16, 4, 2, 1), Blocks.LeakyRelu(), nn.Flatten(), nn.Linear(16 * 4 * 4, 1));

    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => TinyNetworks.Noise(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => Hinge.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => Hinge.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 2e-3, beta1: 0.5);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 2e-3, beta1: 0.5);

    [Augmentation(Target = 0.6, Interval = 1, ImagesPerUnit = 320)]
    public static Tensor Augment(Tensor images, double probability, Generator random) => DiffAugment.Apply(images, probability, random);

    [Data] public static IBatchSource Data(DataOptions options) => new FixedImages(options.Device);
}

/// <summary>The same <see cref="AugmentedImages.Count"/> images, a few bright squares on black, every batch: a stateless source a discriminator overfits at once.</summary>
public sealed class FixedImages(Device device) : IBatchSource
{
    readonly Tensor images = Make(device);

    static Tensor Make(Device device)
    {
        using var scope = NewDisposeScope();
        var canvas = full(AugmentedImages.Count, 1, AugmentedImages.Side, AugmentedImages.Side, -1f);
        for (var i = 0; i < AugmentedImages.Count; i++)
            canvas[i, 0, TensorIndex.Slice(i % 5, i % 5 + 3), TensorIndex.Slice(i / 5, i / 5 + 3)] = tensor(1f);
        return canvas.to(device).DetachFromDisposeScope();
    }

    public IReadOnlyList<long> SampleShape => [1, AugmentedImages.Side, AugmentedImages.Side];
    public int Classes => 0;
    public Batch Next() => new(images.clone());
    public void Dispose() => images.Dispose();
}

/// <summary><see cref="AugmentedImages"/> without its augmentation: the same networks and optimizers, so only the augmentation state tells their checkpoints apart.</summary>
[GanExperiment("test-plain-images")]
public static partial class PlainImages
{
    [Generator] public static Sequential G() => AugmentedImages.G();
    [Discriminator] public static Sequential D() => AugmentedImages.D();
    [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => AugmentedImages.Z(batchSize, device, random);
    [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => AugmentedImages.DLoss(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => AugmentedImages.GLoss(fakeLogits);
    [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => AugmentedImages.GOpt(parameters);
    [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => AugmentedImages.DOpt(parameters);
    [Data] public static IBatchSource Data(DataOptions options) => new FixedImages(options.Device);
}
