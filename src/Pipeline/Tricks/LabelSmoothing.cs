using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// Softens the discriminator's targets so it cannot drive its logits to extremes and hand the
/// generator vanishing gradients (Salimans et al. 2016). Feed the result to a targets overload
/// of a discriminator loss.
/// </summary>
public static class LabelSmoothing
{
    /// <summary>
    /// t (1 - amount): real targets become 1 - amount, fake targets stay 0. Salimans et al. smooth only
    /// the real side: smoothing the fakes as well rewards the generator for samples the data never shows.
    /// </summary>
    [Pure]
    public static Tensor OneSided(Tensor hardTargets, double amount = 0.1) =>
        hardTargets * (1 - ValidAmount(amount));

    /// <summary>
    /// Cross-entropy of (N, K) logits against (N) labels with smoothed one-hot targets:
    /// (1 − amount)·(−log p[label]) + amount·mean_k(−log p[k]), i.e. the target puts 1 − amount + amount/K
    /// on the label and amount/K on every other class (Szegedy et al. 2016), as PyTorch's
    /// cross_entropy(label_smoothing=amount) does. A classifier cannot then drive its logits apart
    /// without bound: W-Net-PyTorch's smoothing on its font and character heads.
    /// </summary>
    [Pure]
    public static Tensor CrossEntropy(Tensor logits, Tensor labels, double amount = 0.1)
    {
        var logProbabilities = nn.functional.log_softmax(logits, 1);
        var nll = -logProbabilities.gather(1, labels.unsqueeze(1)).squeeze(1);
        var uniform = -logProbabilities.mean([1]);
        var a = ValidAmount(amount);
        return ((1 - a) * nll + a * uniform).mean();
    }

    /// <summary>t (1 - amount) + (1 - t) amount: 1 becomes 1 - amount and 0 becomes amount.</summary>
    [Pure]
    public static Tensor TwoSided(Tensor hardTargets, double amount = 0.1) =>
        hardTargets * (1 - ValidAmount(amount)) + (1 - hardTargets) * ValidAmount(amount);

    // Past 0.5 the labels would swap sides.
    [Pure]
    static double ValidAmount(double amount) =>
        amount is >= 0 and <= 0.5
            ? amount
            : throw new ArgumentOutOfRangeException(nameof(amount), amount, "Label smoothing amount must lie in [0, 0.5].");
}
