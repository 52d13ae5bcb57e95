using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// The generator's residual block of SNGAN and BigGAN (Miyato et al. 2018, appendix B.4): BatchNorm,
/// ReLU, nearest 2× upsampling, 3×3 convolution, BatchNorm, ReLU, 3×3 convolution; the shortcut
/// upsamples and maps the channels with a 1×1 convolution. Both norms are class-conditional when
/// the block has classes (<see cref="ConditionalBatchNorm2d"/>).
/// </summary>
public sealed class ResidualUpBlock : nn.Module
{
    readonly nn.Module<Tensor, Tensor>? norm1, norm2;
    readonly ConditionalBatchNorm2d? classNorm1, classNorm2;
    readonly Conv2d conv1, conv2, shortcut;

    public ResidualUpBlock(long inChannels, long outChannels, long classes = 0) : base(nameof(ResidualUpBlock))
    {
        if (classes > 0) (classNorm1, classNorm2) = (new ConditionalBatchNorm2d(inChannels, classes), new ConditionalBatchNorm2d(outChannels, classes));
        else (norm1, norm2) = (nn.BatchNorm2d(inChannels), nn.BatchNorm2d(outChannels));
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        shortcut = nn.Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    /// <summary>Maps [N, in, H, W] to [N, out, 2H, 2W]; <paramref name="labels"/> only when the block is conditional.</summary>
    public Tensor Forward(Tensor input, Tensor? labels)
    {
        var h = nn.functional.relu(Norm(norm1, classNorm1, input, labels));
        h = conv1.call(Upsample(h));
        h = conv2.call(nn.functional.relu(Norm(norm2, classNorm2, h, labels)));
        return h + shortcut.call(Upsample(input));
    }

    static Tensor Upsample(Tensor x) => nn.functional.interpolate(x, scale_factor: [2, 2], mode: InterpolationMode.Nearest);

    static Tensor Norm(nn.Module<Tensor, Tensor>? plain, ConditionalBatchNorm2d? conditional, Tensor x, Tensor? labels) =>
        conditional is null ? plain!.call(x)
        : conditional.call(x, labels ?? throw new ArgumentException("a class-conditional block needs labels"));
}
