using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Networks;

/// <summary>An image side from 32 to 256 and 1 or 3 channels.</summary>
public sealed record ImageCase(int Size, int Channels)
{
    public ImageGeometry Geometry => new(Size, Channels);
}

public static class ImageCases
{
    public static Arbitrary<ImageCase> Images() =>
        Arb.From(
            from size in Gen.Frequency((1, Gen.Elements(32, 64, 128, 256)), (3, Gen.Choose(ImageGeometry.MinimumSize, ImageGeometry.MaximumSize)))
            from channels in Gen.Elements(1, 3)
            select new ImageCase(size, channels));
}

/// <summary>
/// The network families (DCGAN, the SNGAN/BigGAN ResNet) at every size from 32 to 256, gray and
/// colour, conditional and not: the shapes they make and take, the CIFAR-10 ResNet's parameter
/// counts, and no layer in their discriminators that the discriminator lint (FGAN008) warns about.
/// </summary>
[Properties(Arbitrary = [typeof(ImageCases)], MaxTest = 12)]
public sealed class FamilyTests
{
    const int Latent = 16, Width = 2, Classes = 3, Batch = 2;

    [Property(MaxTest = 300)]
    public bool The_geometry_generates_the_smallest_base_times_a_power_of_two_at_least_the_size(ImageCase image)
    {
        var g = image.Geometry;
        return g.Base is >= 4 and <= 8
            && g.GeneratedSize >= g.Size
            && (g.Base - 1) << g.Doublings < g.Size
            && (g.Size / (1 << g.Doublings)) is >= 4 and < 8;
    }

    [Fact]
    public void Sizes_outside_32_to_256_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageGeometry(31, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageGeometry(257, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageGeometry(64, 0));
        Assert.Equal((4, 3, 32), (new ImageGeometry(32, 3).Base, new ImageGeometry(32, 3).Doublings, new ImageGeometry(32, 3).GeneratedSize));
        Assert.Equal((7, 4, 112), (new ImageGeometry(100, 3).Base, new ImageGeometry(100, 3).Doublings, new ImageGeometry(100, 3).GeneratedSize));
    }

    [Property]
    public void Dcgan_makes_and_judges_images_of_the_size(ImageCase image) => MakesAndJudges(image,
        Dcgan.Generator(Latent, image.Geometry, Width), Dcgan.ConditionalGenerator(Latent, image.Geometry, Classes, Width, embeddingSize: 4),
        Dcgan.Discriminator(image.Geometry, Width), Dcgan.ConditionalDiscriminator(image.Geometry, Classes, Width));

    [Property]
    public void The_resnet_makes_and_judges_images_of_the_size(ImageCase image) => MakesAndJudges(image,
        ResNetGan.Generator(Latent, image.Geometry, Width), ResNetGan.ConditionalGenerator(Latent, image.Geometry, Classes, Width),
        ResNetGan.Discriminator(image.Geometry, Width), ResNetGan.ConditionalDiscriminator(image.Geometry, Classes, Width));

    static void MakesAndJudges(ImageCase image, nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor, Tensor> conditionalGenerator,
        nn.Module<Tensor, Tensor> discriminator, nn.Module<Tensor, Tensor, Tensor> conditionalDiscriminator)
    {
        using var scope = NewDisposeScope();
        using var g = generator;
        using var cg = conditionalGenerator;
        using var d = discriminator;
        using var cd = conditionalDiscriminator;
        var latent = randn(Batch, Latent);
        var labels = tensor(new long[] { 0, Classes - 1 });
        long[] shape = [Batch, image.Channels, image.Size, image.Size];

        var images = g.call(latent);
        var conditional = cg.call(latent, labels);
        Assert.Equal(shape, images.shape);
        Assert.Equal(shape, conditional.shape);
        Assert.True(images.abs().max().item<float>() <= 1 && conditional.abs().max().item<float>() <= 1, "tanh output outside [-1, 1]");
        Assert.Equal([Batch, 1L], d.call(images).shape);
        Assert.Equal([Batch, 1L], cd.call(conditional, labels).shape);
    }

    [Fact]
    public void The_cifar10_resnet_has_the_published_architectures_parameter_counts()
    {
        // SNGAN's CIFAR-10 ResNet (Miyato et al. 2018, appendix B.4; StudioGAN's models/resnet.py at
        // 32 px): G with a 128-wide latent, 256 channels in three up-blocks; D with 128 channels in
        // four blocks. Counted layer by layer: G 528,384 (linear) + 3 × 1,246,976 (blocks) + 512
        // (last BatchNorm) + 6,915 (to RGB); D 151,680 + 311,680 + 2 × 295,168 + 129 (head).
        var cifar = new ImageGeometry(32, 3);
        using var generator = ResNetGan.Generator(128, cifar, width: 64);
        using var discriminator = ResNetGan.Discriminator(cifar, width: 64);
        Assert.Equal(4_276_739, Count(generator));
        Assert.Equal(1_053_825, Count(discriminator));

        // Class-conditional (10 classes): each block's two norms carry a gain and a bias per class
        // instead of one affine pair (+ 3 × 2 × (2 × 10 − 2) × 256), and D a 10 × 128 projection table.
        using var conditionalGenerator = ResNetGan.ConditionalGenerator(128, cifar, 10, width: 64);
        using var conditionalDiscriminator = ResNetGan.ConditionalDiscriminator(cifar, 10, width: 64);
        Assert.Equal(4_276_739 + 3 * 2 * 18 * 256, Count(conditionalGenerator));
        Assert.Equal(1_053_825 + 10 * 128, Count(conditionalDiscriminator));
    }

    static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>The layers warning FGAN008 names in a discriminator (Generators/Parsing/NetworkLint.cs).</summary>
    static readonly string[] LintedLayers =
    [
        "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
        "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "ReLU",
    ];

    [Theory]
    [InlineData(32)]
    [InlineData(100)]
    [InlineData(256)]
    public void No_discriminator_has_a_pooling_or_relu_layer(int size)
    {
        var image = new ImageGeometry(size, 3);
        nn.Module[] discriminators =
        [
            Dcgan.Discriminator(image, Width), Dcgan.ConditionalDiscriminator(image, Classes, Width),
            ResNetGan.Discriminator(image, Width), ResNetGan.ConditionalDiscriminator(image, Classes, Width),
        ];
        foreach (var discriminator in discriminators)
        {
            var layers = discriminator.modules().Select(m => m.GetType().Name).ToArray();
            Assert.DoesNotContain(layers, name => LintedLayers.Contains(name));
            discriminator.Dispose();
        }
    }

    [Fact]
    public void The_resnet_discriminator_gives_every_input_pixel_a_gradient()
    {
        // Average pooling's gradient is dense too; what the blurred halving must not do is drop
        // pixels, as a strided 1×1 convolution or a max-pool would.
        using var scope = NewDisposeScope();
        using var discriminator = ResNetGan.Discriminator(new ImageGeometry(32, 1), Width, spectralNorm: false);
        var input = randn(1, 1, 32, 32).requires_grad_(true);
        var gradient = autograd.grad([discriminator.call(input).sum()], [input])[0];
        Assert.Equal(0, (gradient == 0).sum().item<long>());
    }

    [Fact]
    public void Conditional_batch_norm_starts_as_batch_norm_and_scales_each_class_by_its_own_gain()
    {
        using var scope = NewDisposeScope();
        using var norm = new ConditionalBatchNorm2d(2, 3);
        using var plain = nn.BatchNorm2d(2);
        var input = randn(4, 2, 3, 3);
        var labels = tensor(new long[] { 0, 1, 2, 1 });
        Assert.True(norm.call(input, labels).allclose(plain.call(input), 1e-5, 1e-6));

        using (no_grad()) norm.named_parameters().Single(p => p.name == "gain.weight").parameter[1].fill_(2);
        var scaled = norm.call(input, labels);
        var reference = plain.call(input);
        Assert.True(scaled[1].allclose(2 * reference[1], 1e-5, 1e-6) && scaled[0].allclose(reference[0], 1e-5, 1e-6));
    }
}
