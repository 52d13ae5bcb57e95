using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Metrics;

/// <summary>
/// SSIM (Wang, Bovik, Sheikh and Simoncelli 2004): luminance, contrast and structure compared in
/// an 11×11 Gaussian window (σ = 1.5), with C₁ = (0.01 L)², C₂ = (0.03 L)², averaged over the
/// window positions that fit inside the image, as the paper's code does. Images [N, C, H, W] on
/// the unit range (L = 1); at least 11×11.
/// </summary>
public static class StructuralSimilarity
{
    public const string Name = "ssim";
    public const int Window = 11;
    public const double Sigma = 1.5, K1 = 0.01, K2 = 0.03;

    /// <summary>The SSIM of each image pair, [N], each channel's map averaged.</summary>
    [Pure]
    public static Tensor PerImage(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dim() != 4)
            throw new ArgumentException($"SSIM compares two [N, C, H, W] batches of one shape, got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}]");
        if (a.size(2) < Window || a.size(3) < Window) throw new ArgumentException($"SSIM's {Window}×{Window} window needs images at least that large, got {a.size(2)}×{a.size(3)}");
        using var scope = NewDisposeScope();
        var (x, y) = (a.to_type(float64), b.to_type(float64));
        var channels = x.size(1);
        var window = Gaussian(x.device).expand(channels, 1, Window, Window);
        Tensor Blur(Tensor t) => nn.functional.conv2d(t, window, groups: channels);
        var (meanX, meanY) = (Blur(x), Blur(y));
        var varianceX = Blur(x * x) - meanX * meanX;
        var varianceY = Blur(y * y) - meanY * meanY;
        var covariance = Blur(x * y) - meanX * meanY;
        const double c1 = K1 * K1, c2 = K2 * K2;
        var map = (2 * meanX * meanY + c1) * (2 * covariance + c2) / ((meanX * meanX + meanY * meanY + c1) * (varianceX + varianceY + c2));
        return map.mean([1, 2, 3]).MoveToOuterDisposeScope();
    }

    /// <summary>The mean SSIM over the pairs.</summary>
    [Pure]
    public static double Mean(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return PerImage(a, b).mean().item<double>();
    }

    static Tensor Gaussian(Device device)
    {
        var offsets = arange(Window, dtype: float64, device: device) - (Window - 1) / 2.0;
        var g = (-(offsets * offsets) / (2 * Sigma * Sigma)).exp();
        g /= g.sum();
        return g.outer(g).reshape(1, 1, Window, Window);
    }
}
