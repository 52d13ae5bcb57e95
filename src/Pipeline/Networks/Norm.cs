using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// The normalization layers, under names that say which statistics they use. Thin wrappers over
/// TorchSharp's nn with its defaults. Which to use where: BatchNorm (Ioffe &amp; Szegedy 2015) in
/// generators, never in a discriminator with a gradient penalty; LayerNorm (Ba et al. 2016),
/// InstanceNorm (Ulyanov et al. 2016) or GroupNorm (Wu &amp; He 2018) there instead, since they
/// normalize each sample on its own.
/// </summary>
public static class Norm
{
    /// <summary>BatchNorm2d over the channels of (N, C, H, W) images: statistics across the batch.</summary>
    public static BatchNorm2d Batch(long channels) => nn.BatchNorm2d(channels);

    /// <summary>BatchNorm1d over (N, C) or (N, C, L) features: statistics across the batch.</summary>
    public static BatchNorm1d Batch1d(long features) => nn.BatchNorm1d(features);

    /// <summary>LayerNorm over the trailing <paramref name="normalizedShape"/> of each sample.</summary>
    public static LayerNorm Layer(params long[] normalizedShape) => nn.LayerNorm(normalizedShape);

    /// <summary>InstanceNorm2d: each sample's each channel over its own H, W; no affine parameters, as in PyTorch.</summary>
    public static InstanceNorm2d Instance(long channels) => nn.InstanceNorm2d(channels);

    /// <summary>GroupNorm: each sample's channels split into <paramref name="groups"/> groups, normalized per group; affine weight 1, bias 0.</summary>
    public static GroupNorm Group(long groups, long channels)
    {
        var norm = nn.GroupNorm(groups, channels);
        // TorchSharp 0.107's GroupNorm leaves its affine weight and bias as torch.empty (garbage,
        // sometimes NaN); PyTorch starts them at 1 and 0.
        using (no_grad())
        {
            norm.weight.fill_(1);
            norm.bias!.fill_(0);
        }
        return norm;
    }
}
