using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Data;

/// <summary>Resizing of [N, C, H, W] image tensors.</summary>
public static class ImageResize
{
    /// <summary>Bilinear, antialiased when shrinking (as PIL and torchvision), in chunks to bound memory.</summary>
    [Pure]
    public static Tensor Bilinear(Tensor images, int height, int width, int chunk = 4096)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.size(0); start += chunk)
        {
            var part = images.narrow(0, start, Math.Min(chunk, images.size(0) - start));
            parts.Add(nn.functional.interpolate(part, size: [height, width], mode: InterpolationMode.Bilinear,
                align_corners: false, antialias: true));
        }
        return cat(parts, 0).clamp_(-1, 1).MoveToOuterDisposeScope();
    }
}
