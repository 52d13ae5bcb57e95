using Functional.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Functional.Examples.Images;

/// <summary>
/// The small DCGAN of the glyph experiment (Radford et al. 2016), narrow enough to train on a CPU
/// in minutes: a class-conditional generator (label embedding concatenated to the latent, then
/// 4×4 → 32×32 by transposed convolutions with BatchNorm and ReLU) and a projection discriminator
/// (strided convolutions with LeakyReLU, no BatchNorm since R1 needs per-sample input gradients).
/// </summary>
public static class GlyphNetworks
{
    public const int ImageSize = 32;

    public static ConditionalGenerator Generator(int latentSize, int classes, int width, int embeddingSize)
    {
        var top = 4 * width;
        var body = Sequential(
            Linear(latentSize + embeddingSize, top * 4 * 4, hasBias: false),
            Unflatten(1, [top, 4, 4]), BatchNorm2d(top), ReLU(),
            ConvTranspose2d(top, 2 * width, 4, 2, 1, bias: false), BatchNorm2d(2 * width), ReLU(),   // 8×8
            ConvTranspose2d(2 * width, width, 4, 2, 1, bias: false), BatchNorm2d(width), ReLU(),     // 16×16
            ConvTranspose2d(width, 1, 4, 2, 1), Tanh());                                             // 32×32
        return new ConditionalGenerator(body, classes, embeddingSize);
    }

    /// <summary>Features 32×32 → 4×4 by three strided convolutions, flattened; spectrally normalized throughout when asked.</summary>
    public static ProjectionDiscriminator Discriminator(int classes, int width, bool spectralNorm)
    {
        Module<Tensor, Tensor> Conv(long inC, long outC, long kernel, long stride, long padding) => spectralNorm
            ? SpectralNorm.Conv2d(inC, outC, kernel, stride, padding)
            : Conv2d(inC, outC, kernel, stride, padding);

        var features = Sequential(
            Conv(1, width, 3, 1, 1), LeakyReLU(0.2),
            Conv(width, 2 * width, 4, 2, 1), LeakyReLU(0.2),        // 16×16
            Conv(2 * width, 4 * width, 4, 2, 1), LeakyReLU(0.2),    // 8×8
            Conv(4 * width, 4 * width, 4, 2, 1), LeakyReLU(0.2),    // 4×4
            Flatten());
        return new ProjectionDiscriminator(features, 4 * width * 4 * 4, classes, spectralNorm);
    }
}
