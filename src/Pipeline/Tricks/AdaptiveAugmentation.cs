using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>What a checkpoint keeps of the augmentation: p, the overfitting signal's running sum and count since the last adjustment, and the last r_t.</summary>
public sealed record AugmentationState(double Probability, double SignSum, long Observed, double? Signal = null);

/// <summary>
/// The probability with which the discriminator's inputs are augmented: fixed, or adapted by ADA's
/// heuristic (Karras et al. 2020, "Training Generative Adversarial Networks with Limited Data",
/// §3): the discriminator overfits when it calls nearly every real image real, so
/// r_t = E[sign(D(real))] over the last <see cref="Interval"/> discriminator steps is compared with
/// <see cref="Target"/> and p moves by (images seen) / <see cref="ImagesPerUnit"/> toward more
/// augmentation above it and less below, clamped to [0, 1]. The session owns one; the running sum
/// stays on the device, so only an adjustment waits for it.
/// </summary>
public sealed class AdaptiveAugmentation : IDisposable
{
    public const double DefaultTarget = 0.6;
    public const int DefaultInterval = 4;
    public const long DefaultImagesPerUnit = 500_000;

    readonly Tensor signs;
    long observed;

    /// <summary>Adaptive: p starts at <paramref name="probability"/> and follows r_t toward <paramref name="target"/>.</summary>
    public AdaptiveAugmentation(double probability, double target, int interval, long imagesPerUnit, Device device)
        : this(probability, true, target, interval, imagesPerUnit, device) { }

    AdaptiveAugmentation(double probability, bool adaptive, double target, int interval, long imagesPerUnit, Device device)
    {
        if (!(probability >= 0 && probability <= 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "The augmentation probability must be in [0, 1].");
        if (adaptive && !(target > 0 && target < 1)) throw new ArgumentOutOfRangeException(nameof(target), target, "ADA's target for r_t must be in (0, 1).");
        if (interval < 1) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The adjustment interval must be at least one step.");
        if (imagesPerUnit < 1) throw new ArgumentOutOfRangeException(nameof(imagesPerUnit), imagesPerUnit, "ImagesPerUnit must be at least 1.");
        Probability = probability;
        Adaptive = adaptive;
        Target = target;
        Interval = interval;
        ImagesPerUnit = imagesPerUnit;
        signs = zeros([], ScalarType.Float64, device);
    }

    /// <summary>A probability that never changes.</summary>
    public static AdaptiveAugmentation Fixed(double probability, Device device) =>
        new(probability, false, double.NaN, DefaultInterval, DefaultImagesPerUnit, device);

    public double Probability { get; private set; }
    public bool Adaptive { get; }
    public double Target { get; }
    public int Interval { get; }
    public long ImagesPerUnit { get; }

    /// <summary>r_t at the last adjustment; null before the first.</summary>
    public double? Signal { get; private set; }

    /// <summary>
    /// ADA's update: p + sign(r_t − target) · images / imagesPerUnit, clamped to [0, 1]. At the
    /// target p stays; r_t = 1 (every real image called real) raises it, r_t = −1 lowers it.
    /// </summary>
    [Pure]
    public static double Adjust(double probability, double signal, double target, long images, long imagesPerUnit) =>
        Math.Clamp(probability + Math.Sign(signal - target) * (double)images / imagesPerUnit, 0, 1);

    /// <summary>Adds the signs of the discriminator's logits on the (augmented) real batch to the running sum; nothing when p is fixed.</summary>
    public void Observe(Tensor realLogits)
    {
        if (!Adaptive) return;
        using (no_grad()) signs.add_(realLogits.detach().sign().sum().to_type(ScalarType.Float64));
        observed += realLogits.numel();
    }

    /// <summary>After discriminator step <paramref name="discriminatorSteps"/> (counting from 1): every <see cref="Interval"/> steps, r_t of what was observed moves p.</summary>
    public void AfterStep(long discriminatorSteps)
    {
        if (!Adaptive || discriminatorSteps % Interval != 0 || observed == 0) return;
        var signal = signs.item<double>() / observed;
        Probability = Adjust(Probability, signal, Target, observed, ImagesPerUnit);
        Signal = signal;
        signs.zero_();
        observed = 0;
    }

    public AugmentationState State => new(Probability, Adaptive ? signs.item<double>() : 0, observed, Signal);

    /// <summary>Continues from a checkpoint's state: p, the signal's sum and count, the last r_t.</summary>
    public void Restore(AugmentationState state)
    {
        if (!(state.Probability >= 0 && state.Probability <= 1))
            throw new InvalidDataException($"augmentation probability {state.Probability} is outside [0, 1]");
        Probability = state.Probability;
        Signal = state.Signal;
        observed = state.Observed;
        signs.fill_(state.SignSum);
    }

    public void Dispose() => signs.Dispose();
}
