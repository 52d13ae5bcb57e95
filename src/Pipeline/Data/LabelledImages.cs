using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Data;

/// <summary>
/// A whole image set in memory: <see cref="Images"/> float32 [N, C, H, W] in [−1, 1],
/// <see cref="Labels"/> int64 [N] in [0, <see cref="Classes"/>). An unlabelled set has no class
/// names (<see cref="Classes"/> 0) and zero labels (<see cref="Unlabelled"/>). The tensors are
/// detached from every dispose scope; whoever holds the set disposes it.
/// </summary>
public sealed class LabelledImages : IDisposable
{
    public Tensor Images { get; }
    public Tensor Labels { get; }
    public IReadOnlyList<string> ClassNames { get; }

    public LabelledImages(Tensor images, Tensor labels, IReadOnlyList<string> classNames)
    {
        if (images.dim() != 4) throw new ArgumentException($"images must be [N, C, H, W], got [{string.Join(", ", images.shape)}]");
        if (labels.shape is not [var count] || count != images.size(0))
            throw new ArgumentException($"labels must be [{images.size(0)}], got [{string.Join(", ", labels.shape)}]");
        Images = images.to_type(float32).DetachFromDisposeScope();
        Labels = labels.to_type(int64).DetachFromDisposeScope();
        ClassNames = classNames;
    }

    public long Count => Images.size(0);
    public int Classes => ClassNames.Count;
    public IReadOnlyList<long> SampleShape => Images.shape[1..];

    /// <summary>Images from bytes 0..255, [N, C, H, W] row-major: v ↦ v / 127.5 − 1.</summary>
    public static Tensor FromBytes(byte[] pixels, long count, long channels, long height, long width)
    {
        using var scope = NewDisposeScope();
        return tensor(pixels, [count, channels, height, width]).to_type(float32).div_(127.5).sub_(1).MoveToOuterDisposeScope();
    }

    /// <summary>A set without labels: its labels are all 0 and it has no classes.</summary>
    public static LabelledImages Unlabelled(Tensor images)
    {
        using var scope = NewDisposeScope();
        return new LabelledImages(images, zeros(images.size(0), ScalarType.Int64), []);
    }

    /// <summary>The first <paramref name="count"/> images and their labels, as a set of its own (copied), with the same class names.</summary>
    public LabelledImages Take(long count)
    {
        if (count < 1 || count > Count) throw new ArgumentOutOfRangeException(nameof(count), count, $"take 1 to {Count} images");
        using var scope = NewDisposeScope();
        return new LabelledImages(Images.narrow(0, 0, count).clone(), Labels.narrow(0, 0, count).clone(), ClassNames);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
