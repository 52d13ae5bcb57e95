using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// W-Net's discriminator, made fit for a gradient penalty: it sees (image, content, style) stacked
/// as three channels, runs 5×5 convolutions (stride 2, 2, 2, then 1: S² → (S/8)²) with GroupNorm
/// (per sample, so each sample's input gradient is its own; W-Net-PyTorch used BatchNorm) and
/// LeakyReLU, no pooling, and returns raw logits from three linear heads: real/fake, character,
/// font. No softmax or sigmoid inside: the losses take logits (W-Net-PyTorch applied softmax here
/// and log-softmax again in its loss). Spectral norm on every layer when asked.
/// </summary>
public sealed class WNetDiscriminator : nn.Module<Tensor, (Tensor Logits, Tensor ClassLogits, Tensor StyleLogits)>, IStyleHead
{
    const double Slope = 0.2;

    readonly ModuleList<Sequential> layers;
    readonly nn.Module<Tensor, Tensor> logits, characters, fonts;

    public WNetDiscriminator(int size, int width, int characters, int fonts, bool spectralNorm = false) : base(nameof(WNetDiscriminator))
    {
        if (size < 8 || size % 8 != 0) throw new ArgumentException($"W-Net's discriminator takes a side that is a multiple of 8, got {size}");
        Size = size;
        StyleClasses = fonts;
        Characters = characters;
        nn.Module<Tensor, Tensor> Conv(long input, long output, long stride) =>
            spectralNorm ? SpectralNorm.Conv2d(input, output, 5, stride, 2) : nn.Conv2d(input, output, 5, stride, 2);
        nn.Module<Tensor, Tensor> Head(long input, long output) => spectralNorm ? SpectralNorm.Linear(input, output) : nn.Linear(input, output);
        long[] channels = [width, 2L * width, 4L * width, 8L * width];
        layers = new ModuleList<Sequential>(
            nn.Sequential(Conv(3, channels[0], 2), nn.LeakyReLU(Slope)),
            nn.Sequential(Conv(channels[0], channels[1], 2), WNetGenerator.Group(channels[1]), nn.LeakyReLU(Slope)),
            nn.Sequential(Conv(channels[1], channels[2], 2), WNetGenerator.Group(channels[2]), nn.LeakyReLU(Slope)),
            nn.Sequential(Conv(channels[2], channels[3], 1), WNetGenerator.Group(channels[3]), nn.LeakyReLU(Slope)));
        var flat = channels[3] * (size / 8) * (size / 8);
        logits = Head(flat, 1);
        this.characters = Head(flat, characters);
        this.fonts = Head(flat, fonts);
        RegisterComponents();
    }

    public int Size { get; }
    public int Characters { get; }
    public int StyleClasses { get; }

    string IStyleHead.Remedy(int dataStyles) => $"; set fonts={dataStyles}";

    /// <summary>The activations after each of the four convolutions: what feature matching compares.</summary>
    public IReadOnlyList<Tensor> Features(Tensor input)
    {
        if (input.dim() != 4 || input.size(1) != 3 || input.size(2) != Size || input.size(3) != Size)
            throw new ArgumentException($"W-Net's discriminator takes [B, 3, {Size}, {Size}] (image, content, style), got [{string.Join(", ", input.shape)}]");
        var features = new List<Tensor>(layers.Count);
        var x = input;
        foreach (var layer in layers) features.Add(x = layer.call(x));
        return features;
    }

    /// <summary>Real/fake logits [B, 1], character logits [B, characters] and font logits [B, fonts].</summary>
    public override (Tensor Logits, Tensor ClassLogits, Tensor StyleLogits) forward(Tensor input)
    {
        var flat = Features(input)[^1].flatten(1);
        return (logits.call(flat), characters.call(flat), fonts.call(flat));
    }
}
