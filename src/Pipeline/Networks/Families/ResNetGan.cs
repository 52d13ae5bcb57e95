using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// The ResNet generator and discriminator of SNGAN (Miyato et al. 2018) and BigGAN (Brock et al.
/// 2019) at any <see cref="ImageGeometry"/>, with BigGAN's conditioning: class-conditional BatchNorm
/// in the generator, projection in the discriminator (Miyato &amp; Koyama 2018); without BigGAN's
/// shared embedding, hierarchical latent and self-attention. Channel plans follow StudioGAN's
/// (POSTECH-CVLab/PyTorch-StudioGAN, models/resnet.py): at 32–63 px the CIFAR-10 networks, a
/// generator of three up-blocks of 4·width channels and a discriminator of an optimized block, a
/// down block and two plain blocks of 2·width; from 64 px, channels doubling per halving from
/// width up to 16·width, a down block per doubling plus a last plain block. With width 64 and a
/// 128-wide latent the CIFAR-10 networks have the published architecture's 4,276,739 (G) and
/// 1,053,825 (D) parameters.
/// </summary>
public static class ResNetGan
{
    /// <summary>The unconditional generator: latent [N, latentSize] to images [N, C, size, size] in [−1, 1].</summary>
    public static ResNetGenerator Generator(long latentSize, ImageGeometry image, int width = 64) =>
        new(new ResNetGeneratorLayers(latentSize, image, width, 0));

    /// <summary>The generator with class-conditional BatchNorm in every residual block: (latent, labels) to images.</summary>
    public static ConditionalResNetGenerator ConditionalGenerator(long latentSize, ImageGeometry image, int classes, int width = 64) =>
        classes >= 1 ? new(new ResNetGeneratorLayers(latentSize, image, width, classes))
        : throw new ArgumentOutOfRangeException(nameof(classes), classes, "A conditional generator needs classes.");

    /// <summary>The unconditional discriminator: images to logits (N, 1).</summary>
    public static ImageDiscriminator Discriminator(ImageGeometry image, int width = 64, bool spectralNorm = true)
    {
        var features = new ResNetDiscriminatorFeatures(image, width, spectralNorm);
        return new ImageDiscriminator(features, features.FeatureSize, spectralNorm);
    }

    /// <summary>The projection discriminator: (images, labels) to logits (N, 1).</summary>
    public static ProjectionDiscriminator ConditionalDiscriminator(ImageGeometry image, int classes, int width = 64, bool spectralNorm = true)
    {
        var features = new ResNetDiscriminatorFeatures(image, width, spectralNorm);
        return new ProjectionDiscriminator(features, features.FeatureSize, classes, spectralNorm);
    }

    /// <summary>The generator's block channels, bottom to top: (in, out) per up-block.</summary>
    public static IReadOnlyList<(long In, long Out)> GeneratorChannels(ImageGeometry image, int width)
    {
        var k = image.Doublings;
        if (k == 3) return Enumerable.Repeat((4L * width, 4L * width), 3).ToArray();
        var outs = Enumerable.Range(0, k).Select(i => width * (long)Math.Min(16, 1 << (k - 1 - i))).ToArray();
        return outs.Select((o, i) => (i == 0 ? width * (long)Math.Min(16, 1 << k) : outs[i - 1], o)).ToArray();
    }

    /// <summary>The discriminator's blocks, input to output: (in, out, halves) per residual block.</summary>
    public static IReadOnlyList<(long In, long Out, bool Halves)> DiscriminatorChannels(ImageGeometry image, int width)
    {
        var k = image.Doublings;
        long c = image.Channels;
        if (k == 3) return [(c, 2L * width, true), (2L * width, 2L * width, true), (2L * width, 2L * width, false), (2L * width, 2L * width, false)];
        var blocks = new List<(long, long, bool)>();
        for (var j = 0; j < k; j++)
        {
            var next = width * (long)Math.Min(16, 1 << j);
            blocks.Add((c, next, true));
            c = next;
        }
        blocks.Add((c, width * (long)Math.Min(16, 1 << k), false));
        return blocks;
    }
}

/// <summary>
/// The ResNet generator's layers: a linear map of the latent to the base map, the up-blocks, then
/// BatchNorm, ReLU, a 3×3 convolution to the image's channels, tanh and the centre crop.
/// </summary>
public sealed class ResNetGeneratorLayers : nn.Module
{
    readonly Linear project;
    readonly ModuleList<ResidualUpBlock> blocks;
    readonly BatchNorm2d norm;
    readonly Conv2d toImage;
    readonly CentreCrop crop;
    readonly long baseChannels;
    readonly int baseSize;

    public ResNetGeneratorLayers(long latentSize, ImageGeometry image, int width, int classes) : base(nameof(ResNetGeneratorLayers))
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be positive.");
        var plan = ResNetGan.GeneratorChannels(image, width);
        (baseChannels, baseSize) = (plan[0].In, image.Base);
        project = nn.Linear(latentSize, baseChannels * baseSize * baseSize);
        blocks = nn.ModuleList(plan.Select(p => new ResidualUpBlock(p.In, p.Out, classes)).ToArray());
        norm = nn.BatchNorm2d(plan[^1].Out);
        toImage = nn.Conv2d(plan[^1].Out, image.Channels, 3, padding: 1);
        crop = new CentreCrop(image.Size);
        Classes = classes;
        RegisterComponents();
    }

    public int Classes { get; }

    public Tensor Forward(Tensor latent, Tensor? labels)
    {
        var h = project.call(latent).view(-1, baseChannels, baseSize, baseSize);
        foreach (var block in blocks) h = block.Forward(h, labels);
        return crop.call(nn.functional.tanh(toImage.call(nn.functional.relu(norm.call(h)))));
    }
}

/// <summary>The unconditional ResNet generator (<see cref="ResNetGan.Generator"/>).</summary>
public sealed class ResNetGenerator : nn.Module<Tensor, Tensor>
{
    readonly ResNetGeneratorLayers layers;

    internal ResNetGenerator(ResNetGeneratorLayers layers) : base(nameof(ResNetGenerator))
    {
        this.layers = layers;
        RegisterComponents();
    }

    public override Tensor forward(Tensor latent) => layers.Forward(latent, null);
}

/// <summary>The class-conditional ResNet generator (<see cref="ResNetGan.ConditionalGenerator"/>).</summary>
public sealed class ConditionalResNetGenerator : nn.Module<Tensor, Tensor, Tensor>
{
    readonly ResNetGeneratorLayers layers;

    internal ConditionalResNetGenerator(ResNetGeneratorLayers layers) : base(nameof(ConditionalResNetGenerator))
    {
        this.layers = layers;
        RegisterComponents();
    }

    public override Tensor forward(Tensor latent, Tensor labels) => layers.Forward(latent, labels);
}

/// <summary>
/// The ResNet discriminator's features: its residual blocks, a last LeakyReLU and a sum over the
/// map (SNGAN's global sum pooling, a reduction rather than a pooling layer), [N, channels].
/// </summary>
public sealed class ResNetDiscriminatorFeatures : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<ResidualDownBlock> blocks;

    public ResNetDiscriminatorFeatures(ImageGeometry image, int width, bool spectralNorm) : base(nameof(ResNetDiscriminatorFeatures))
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be positive.");
        var plan = ResNetGan.DiscriminatorChannels(image, width);
        blocks = nn.ModuleList(plan.Select((b, i) => new ResidualDownBlock(b.In, b.Out, b.Halves, first: i == 0, spectralNorm)).ToArray());
        FeatureSize = plan[^1].Out;
        RegisterComponents();
    }

    public long FeatureSize { get; }

    public override Tensor forward(Tensor input)
    {
        var h = input;
        foreach (var block in blocks) h = block.call(h);
        return nn.functional.leaky_relu(h, 0.2).sum([2, 3]);
    }
}
