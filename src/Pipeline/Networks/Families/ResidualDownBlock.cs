using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// The discriminator's residual block of SNGAN and BigGAN (Miyato et al. 2018, appendix B.4):
/// activation, 3×3 convolution, activation, 3×3 convolution, then halving; the shortcut maps the
/// channels with a 1×1 convolution where they change or the block halves, then halves. The first
/// block of a discriminator (<c>first</c>: SNGAN's "optimized" block) skips the first
/// activation and halves its shortcut before the 1×1 convolution. Two changes from SNGAN, which
/// keep its parameter count: LeakyReLU 0.2 instead of ReLU and a blurred stride-2 halving
/// (<see cref="BlurDownsample"/>) instead of average pooling, as the discriminator lint (FGAN008)
/// advises. Convolutions are spectrally normalized when asked (SNGAN, BigGAN).
/// </summary>
public sealed class ResidualDownBlock : nn.Module<Tensor, Tensor>
{
    const double Slope = 0.2;
    readonly nn.Module<Tensor, Tensor> conv1, conv2;
    readonly nn.Module<Tensor, Tensor>? shortcut;
    readonly BlurDownsample? halve;
    readonly bool first;

    public ResidualDownBlock(long inChannels, long outChannels, bool downsample, bool first = false, bool spectralNorm = true) : base(nameof(ResidualDownBlock))
    {
        nn.Module<Tensor, Tensor> Conv(long inC, long outC, long kernel, long padding) =>
            spectralNorm ? SpectralNorm.Conv2d(inC, outC, kernel, 1, padding) : nn.Conv2d(inC, outC, kernel, padding: padding);
        this.first = first;
        conv1 = Conv(inChannels, outChannels, 3, 1);
        conv2 = Conv(outChannels, outChannels, 3, 1);
        if (first || downsample || inChannels != outChannels) shortcut = Conv(inChannels, outChannels, 1, 0);
        if (first || downsample) halve = new BlurDownsample();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var h = conv1.call(first ? input : nn.functional.leaky_relu(input, Slope));
        h = conv2.call(nn.functional.leaky_relu(h, Slope));
        if (halve is not null) h = halve.call(h);
        var skip = input;
        if (first) skip = shortcut!.call(halve!.call(input));
        else
        {
            if (shortcut is not null) skip = shortcut.call(skip);
            if (halve is not null) skip = halve.call(skip);
        }
        return h + skip;
    }
}
