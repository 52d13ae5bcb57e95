using System.Diagnostics.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// Weight normalization (Salimans &amp; Kingma 2016): w = g · v / ‖v‖ per output unit, which
/// decouples a unit's scale g from its direction v and conditions the optimization. TorchSharp
/// 0.107 has no weight_norm; this is it.
/// </summary>
public static class WeightNorm
{
    /// <summary>‖v‖ over every dimension except <paramref name="outputDim"/>, kept as size-1 dimensions so it broadcasts against v.</summary>
    [Pure]
    public static Tensor NormExceptDim(Tensor direction, long outputDim = 0) =>
        linalg.vector_norm(direction, 2, Enumerable.Range(0, (int)direction.dim()).Where(d => d != outputDim).Select(d => (long)d).ToArray(), keepdim: true);

    /// <summary>w = g · v / ‖v‖, the norm taken per output unit.</summary>
    [Pure]
    public static Tensor Compose(Tensor direction, Tensor magnitude, long outputDim = 0) =>
        magnitude * (direction / NormExceptDim(direction, outputDim));

    /// <summary>A weight-normalized fully connected layer.</summary>
    public static WeightNormalized Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        using var layer = nn.Linear(inFeatures, outFeatures, bias);
        return new WeightNormalized(layer);
    }

    /// <summary>A weight-normalized square-kernel convolution.</summary>
    public static WeightNormalized Conv2d(long inC, long outC, long kernel, long stride = 1, long padding = 0, bool bias = true)
    {
        using var layer = nn.Conv2d(inC, outC, kernel, stride, padding, bias: bias);
        return new WeightNormalized(layer);
    }

    /// <summary>A weight-normalized square-kernel transposed convolution (the norm is taken per output channel, dim 1).</summary>
    public static WeightNormalized ConvTranspose2d(long inC, long outC, long kernel, long stride = 1, long padding = 0, long outputPadding = 0, bool bias = true)
    {
        using var layer = nn.ConvTranspose2d(inC, outC, kernel, stride, padding, outputPadding, bias: bias);
        return new WeightNormalized(layer);
    }
}
