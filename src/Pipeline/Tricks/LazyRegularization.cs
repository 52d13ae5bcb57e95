using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// StyleGAN2's lazy regularisation (Karras et al. 2020): compute an expensive penalty (R1, say)
/// only every <c>interval</c>-th discriminator step, multiplied by <c>interval</c> so its average
/// strength is unchanged. Check <see cref="IsDue"/> before computing the penalty at all; that is the saving.
/// </summary>
public static class LazyRegularization
{
    /// <summary>True on steps 0, interval, 2 interval, ...</summary>
    [Pure]
    public static bool IsDue(long discriminatorStep, int interval) =>
        ValidStep(discriminatorStep) % ValidInterval(interval) == 0;

    /// <summary>interval × penalty on due steps, a zero scalar (no graph) otherwise.</summary>
    [Pure]
    public static Tensor Scaled(Tensor penalty, long discriminatorStep, int interval) =>
        IsDue(discriminatorStep, interval)
            ? penalty * interval
            : zeros([], dtype: penalty.dtype, device: penalty.device);

    [Pure]
    static long ValidStep(long discriminatorStep) =>
        discriminatorStep >= 0
            ? discriminatorStep
            : throw new ArgumentOutOfRangeException(nameof(discriminatorStep), discriminatorStep, "Step must be ≥ 0.");

    [Pure]
    static int ValidInterval(int interval) =>
        interval >= 1 ? interval : throw new ArgumentOutOfRangeException(nameof(interval), interval, "Interval must be ≥ 1.");
}
