namespace Functional.Networks;

/// <summary>
/// The square images a generator makes and a discriminator judges: side <see cref="Size"/> (32 to
/// 256) and <see cref="Channels"/>. The generators start from a <see cref="Base"/>×<see cref="Base"/>
/// map (4 to 8) and double it <see cref="Doublings"/> times, to <see cref="GeneratedSize"/>, the
/// smallest such size at least <see cref="Size"/>; a size that is not Base·2^k is cropped from its
/// centre (a 100-pixel image is generated at 112). The discriminators halve as often.
/// </summary>
public readonly record struct ImageGeometry
{
    public const int MinimumSize = 32;
    public const int MaximumSize = 256;

    public ImageGeometry(int size, int channels)
    {
        if (size is < MinimumSize or > MaximumSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The network families make square images of {MinimumSize} to {MaximumSize} pixels.");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images need at least one channel.");
        Size = size;
        Channels = channels;
        // The largest k with size / 2^k ≥ 4, so that the base map is 4 to 8 pixels wide.
        Doublings = (int)Math.Floor(Math.Log2(size / 4.0));
        Base = (size + (1 << Doublings) - 1) >> Doublings;
    }

    public int Size { get; }
    public int Channels { get; }

    /// <summary>How often the generator doubles its map, and the discriminator halves it: 3 at 32 px, 6 at 256.</summary>
    public int Doublings { get; }

    /// <summary>The generator's first map's side, 4 to 8.</summary>
    public int Base { get; }

    /// <summary>Base · 2^Doublings: what the generator makes before cropping to <see cref="Size"/>.</summary>
    public int GeneratedSize => Base << Doublings;

    /// <summary>One image's shape, [C, H, W].</summary>
    public long[] Shape => [Channels, Size, Size];

    public override string ToString() => $"{Size}×{Size}×{Channels}";
}
