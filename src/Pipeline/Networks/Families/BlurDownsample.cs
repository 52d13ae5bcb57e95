using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// Halves [N, C, H, W] maps with a fixed binomial low-pass filter, [1, 2, 1]ᵀ[1, 2, 1] / 16 per
/// channel, at stride 2 over edge-replicated borders (as StyleGAN2 downsamples, after Zhang 2019,
/// "Making Convolutional Networks Shift-Invariant Again"). The residual discriminator uses it where
/// SNGAN average-pools: every input pixel gets a gradient, there is no pooling layer for the
/// discriminator lint (FGAN008) to warn about, and there is nothing to train. Odd sides round up.
/// </summary>
public sealed class BlurDownsample : nn.Module<Tensor, Tensor>
{
    public BlurDownsample() : base(nameof(BlurDownsample)) { }

    public override Tensor forward(Tensor input)
    {
        var channels = input.size(1);
        using var taps = tensor(new float[] { 1, 2, 1 }, dtype: input.dtype, device: input.device);
        using var filter = (taps.outer(taps) / 16).expand(channels, 1, 3, 3).contiguous();
        var padded = nn.functional.pad(input, [1, 1, 1, 1], PaddingModes.Replicate);
        return nn.functional.conv2d(padded, filter, null, [2, 2], [0, 0], [1, 1], channels);
    }
}
