using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Functional.Bench;

/// <summary>
/// The DCGAN of the benchmark (Radford et al. 2016): transposed convolutions with BatchNorm and
/// ReLU in the generator; strided convolutions with LeakyReLU and no normalization in the
/// discriminator, since R1 needs per-sample input gradients. Width doubles per halving of size.
/// </summary>
public static class Dcgan
{
    public const int Width = 64;

    static int Stages(int imageSize) =>
        imageSize is 32 or 64 or 128 or 256 ? (int)Math.Log2(imageSize) - 2 : throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "use 32, 64, 128 or 256");

    public static Sequential Generator(int imageSize, int latentSize, int channels = 3)
    {
        var stages = Stages(imageSize);          // 4×4 → imageSize in (stages) doublings
        var width = Width << (stages - 1);
        var layers = new List<Module<Tensor, Tensor>>
        {
            Unflatten(1, [latentSize, 1, 1]),
            ConvTranspose2d(latentSize, width, 4, 1, 0, bias: false), BatchNorm2d(width), ReLU(),
        };
        for (var i = 1; i < stages; i++)
        {
            layers.Add(ConvTranspose2d(width, width / 2, 4, 2, 1, bias: false));
            layers.Add(BatchNorm2d(width / 2));
            layers.Add(ReLU());
            width /= 2;
        }
        layers.Add(ConvTranspose2d(width, channels, 4, 2, 1));
        layers.Add(Tanh());
        return Sequential(layers.ToArray());
    }

    public static Sequential Discriminator(int imageSize, int channels = 3)
    {
        var stages = Stages(imageSize);
        var width = Width;
        var layers = new List<Module<Tensor, Tensor>> { Conv2d(channels, width, 4, 2, 1), LeakyReLU(0.2) };
        for (var i = 1; i < stages; i++)
        {
            layers.Add(Conv2d(width, width * 2, 4, 2, 1));
            layers.Add(LeakyReLU(0.2));
            width *= 2;
        }
        layers.Add(Conv2d(width, 1, 4, 1, 0));
        layers.Add(Flatten());
        return Sequential(layers.ToArray());
    }
}
