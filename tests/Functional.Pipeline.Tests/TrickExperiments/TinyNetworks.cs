using Functional.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>The small 2-D networks the trick experiments share: 16 units, so a step takes about a millisecond.</summary>
internal static class TinyNetworks
{
    public const int Latent = 4;
    public const int Hidden = 16;

    public static Sequential Generator(long input = Latent) => Blocks.Mlp(input, Hidden, 2, 2, () => nn.ReLU());

    public static Sequential Discriminator() => Blocks.Mlp(2, Hidden, 2, 1, () => Blocks.LeakyRelu());

    /// <summary>The features of a conditional discriminator: 2 → 16, LeakyReLU.</summary>
    public static Sequential Features() => nn.Sequential(nn.Linear(2, Hidden), Blocks.LeakyRelu());

    public static Tensor Noise(long batchSize, Device device, Generator random) => randn(batchSize, Latent, device: device, generator: random);

    /// <summary>
    /// A discriminator with BatchNorm, built outside any experiment class: the compile-time lint
    /// (FGAN007) reads only the experiment's own source, so only the run-time check can see this one.
    /// </summary>
    public static Sequential WithBatchNorm() =>
        nn.Sequential(nn.Linear(2, Hidden), Norm.Batch1d(Hidden), Blocks.LeakyRelu(), nn.Linear(Hidden, 1));
}
