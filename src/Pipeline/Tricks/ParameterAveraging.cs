using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// Parameter averaging of the generator: sample from a moving average of its weights, not the live
/// ones, which removes much of the oscillation of the adversarial game (Yazıcı et al. 2018;
/// Karras et al. 2018, 2020). The runtime holds the average copy; these are the update and the
/// decay schedules.
/// </summary>
public static class ParameterAveraging
{
    /// <summary>In place: average ← decay · average + (1 − decay) · live (a lerp_, exact at decay 0 and 1). Returns <paramref name="average"/>.</summary>
    public static Tensor Blend(Tensor average, Tensor live, double decay)
    {
        using var weight = tensor(1.0 - decay, average.dtype, average.device);
        return average.lerp_(live, weight);
    }

    /// <summary>
    /// Blends every parameter of <paramref name="average"/> toward the same-named one of
    /// <paramref name="live"/>, and copies every buffer (BatchNorm running statistics and the like),
    /// since an average of statistics is not the statistics of the averaged network.
    /// </summary>
    public static void Update(nn.Module average, nn.Module live, double decay)
    {
        using var _ = no_grad();
        var liveParameters = Matching(average.named_parameters().Select(named => (named.name, (Tensor)named.parameter)),
                                      live.named_parameters().Select(named => (named.name, (Tensor)named.parameter)), "parameters");
        var liveBuffers = Matching(average.named_buffers(), live.named_buffers(), "buffers");
        foreach (var (name, parameter) in average.named_parameters())
            Blend(parameter, liveParameters[name], decay);
        foreach (var (name, buffer) in average.named_buffers())
            buffer.copy_(liveBuffers[name]);
    }

    /// <summary>
    /// A constant decay with an optional ramp-up: while <paramref name="step"/> &lt; <paramref name="rampUpSteps"/>,
    /// min(decay, (1 + step) / (10 + step)), so early steps (0.1, 0.18, 0.25, ...) follow the live
    /// weights instead of averaging in the random initialization; from then on, decay. This is
    /// TensorFlow's ExponentialMovingAverage num_updates rule, cut off at rampUpSteps.
    /// </summary>
    [Pure]
    public static double EmaDecay(long step, double decay = 0.999, long rampUpSteps = 0) =>
        step < rampUpSteps ? Math.Min(decay, (1.0 + step) / (10.0 + step)) : decay;

    /// <summary>
    /// StyleGAN2-ADA's decay (training_loop.py): the average's half-life is
    /// <paramref name="halfLifeImages"/> images, shortened to rampUp · imagesSeen early in training;
    /// decay = 0.5^(batchSize / max(halfLife, 1e-8)). rampUp ≤ 0 turns the ramp-up off (ema_rampup=None).
    /// </summary>
    [Pure]
    public static double StyleGan2Decay(long imagesSeen, long batchSize, double halfLifeImages = 10_000, double rampUp = 0.05) =>
        Math.Pow(0.5, batchSize / Math.Max(rampUp > 0 ? Math.Min(halfLifeImages, imagesSeen * rampUp) : halfLifeImages, 1e-8));

    /// <summary>
    /// The running arithmetic mean from step <paramref name="start"/> on (Yazıcı et al. 2018):
    /// 0 up to and including start, so the average copies the live weights, then 1 − 1/n at the
    /// n-th step counted from start (start itself being the first).
    /// </summary>
    [Pure]
    public static double UniformDecay(long step, long start) =>
        step <= start ? 0.0 : 1.0 - 1.0 / (step - start + 1);

    /// <summary>The live tensors by name, when both networks have the same names; a mis-wired average copy fails here, not silently.</summary>
    static Dictionary<string, Tensor> Matching(IEnumerable<(string name, Tensor tensor)> average, IEnumerable<(string name, Tensor tensor)> live, string kind)
    {
        var byName = live.ToDictionary(named => named.name, named => named.tensor);
        var averageNames = average.Select(named => named.name).ToHashSet();
        var (missing, extra) = (averageNames.Except(byName.Keys).ToArray(), byName.Keys.Except(averageNames).ToArray());
        return missing.Length == 0 && extra.Length == 0
            ? byName
            : throw new ArgumentException($"The averaged and live networks must have the same architecture; {kind} only in the average: [{string.Join(", ", missing)}], only in the live network: [{string.Join(", ", extra)}].");
    }
}
