using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// The central <see cref="Size"/>×<see cref="Size"/> of [N, C, H, W] maps: how a generator reaches
/// a size its doublings skip. Maps of that size come back as they are, so keep it out of a
/// Sequential where it would have nothing to do (Sequential disposes a layer's input once replaced).
/// </summary>
public sealed class CentreCrop : nn.Module<Tensor, Tensor>
{
    public CentreCrop(long size) : base(nameof(CentreCrop)) => Size = size;

    public long Size { get; }

    public override Tensor forward(Tensor input)
    {
        var (h, w) = (input.size(2), input.size(3));
        if (h == Size && w == Size) return input;
        if (h < Size || w < Size) throw new ArgumentException($"cannot crop {h}×{w} maps to {Size}×{Size}");
        return input.narrow(2, (h - Size) / 2, Size).narrow(3, (w - Size) / 2, Size);
    }
}
