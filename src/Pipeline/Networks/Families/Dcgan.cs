using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Functional.Networks;

/// <summary>
/// DCGAN (Radford et al. 2016) at any <see cref="ImageGeometry"/>: a generator of 4×4 transposed
/// convolutions at stride 2 with BatchNorm and ReLU, from a linear projection of the latent to the
/// base map, ending in tanh; and a discriminator of 4×4 convolutions at stride 2 with LeakyReLU 0.2
/// and no pooling, no BatchNorm (so gradient penalties work), spectrally normalized when asked,
/// with a linear head. Channels double as the maps halve, from <c>width</c> at full size up to
/// 8·width. Conditional: the latent is concatenated with a class embedding
/// (<see cref="ConditionalGenerator"/>), and the discriminator projects (<see cref="ProjectionDiscriminator"/>).
/// </summary>
public static class Dcgan
{
    /// <summary>Channels at the map that is <paramref name="halvings"/> halvings below full size.</summary>
    static long Channels(int width, int halvings) => width * (long)Math.Min(8, 1 << Math.Max(0, halvings));

    /// <summary>The unconditional generator: latent [N, latentSize] to images [N, C, size, size] in [−1, 1].</summary>
    public static Sequential Generator(long latentSize, ImageGeometry image, int width = 64) => Body(latentSize, image, width);

    /// <summary>The class-conditional generator: (latent, labels) to images; the body takes the latent with the label's embedding appended.</summary>
    public static ConditionalGenerator ConditionalGenerator(long latentSize, ImageGeometry image, int classes, int width = 64, int embeddingSize = 64) =>
        new(Body(latentSize + embeddingSize, image, width), classes, embeddingSize);

    static Sequential Body(long inputs, ImageGeometry image, int width)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be positive.");
        var k = image.Doublings;
        var top = Channels(width, k - 1);
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            Linear(inputs, top * image.Base * image.Base, hasBias: false),
            Unflatten(1, [top, image.Base, image.Base]), BatchNorm2d(top), ReLU(),
        };
        for (var i = 0; i < k - 1; i++)
        {
            var (from, to) = (Channels(width, k - 1 - i), Channels(width, k - 2 - i));
            layers.AddRange([ConvTranspose2d(from, to, 4, 2, 1, bias: false), BatchNorm2d(to), ReLU()]);
        }
        layers.AddRange([ConvTranspose2d(width, image.Channels, 4, 2, 1), Tanh()]);
        // Only where the doublings overshoot: Sequential disposes what a layer replaces, so no layer may hand its input back.
        if (image.GeneratedSize != image.Size) layers.Add(new CentreCrop(image.Size));
        return Sequential(layers);
    }

    /// <summary>The unconditional discriminator: images to logits (N, 1).</summary>
    public static ImageDiscriminator Discriminator(ImageGeometry image, int width = 64, bool spectralNorm = true)
    {
        var (features, size) = Features(image, width, spectralNorm);
        return new ImageDiscriminator(features, size, spectralNorm);
    }

    /// <summary>The projection discriminator: (images, labels) to logits (N, 1).</summary>
    public static ProjectionDiscriminator ConditionalDiscriminator(ImageGeometry image, int classes, int width = 64, bool spectralNorm = true)
    {
        var (features, size) = Features(image, width, spectralNorm);
        return new ProjectionDiscriminator(features, size, classes, spectralNorm);
    }

    /// <summary>As many strided convolutions as the generator has doublings, flattened; and how many features that leaves.</summary>
    static (Sequential Features, long Size) Features(ImageGeometry image, int width, bool spectralNorm)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be positive.");
        nn.Module<Tensor, Tensor> Conv(long inC, long outC) => spectralNorm ? SpectralNorm.Conv2d(inC, outC, 4, 2, 1) : Conv2d(inC, outC, 4, 2, 1);
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var (channels, side) = ((long)image.Channels, (long)image.Size);
        for (var j = 0; j < image.Doublings; j++)
        {
            var next = Channels(width, j);
            layers.AddRange([Conv(channels, next), LeakyReLU(0.2)]);
            (channels, side) = (next, side / 2);   // a 4×4 convolution at stride 2 with padding 1: ⌊side / 2⌋
        }
        layers.Add(Flatten());
        return (Sequential(layers), channels * side * side);
    }
}
