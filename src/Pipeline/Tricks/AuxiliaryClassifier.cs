using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// AC-GAN's auxiliary classification loss (Odena et al. 2017): the discriminator also predicts the
/// class; both networks minimise this cross-entropy, on real samples (D) and generated ones (D and G).
/// </summary>
public static class AuxiliaryClassifier
{
    /// <summary>Mean cross-entropy of (N, classes) logits against (N) integer labels: −mean log softmax(logits)[label].</summary>
    [Pure]
    public static Tensor Loss(Tensor classLogits, Tensor labels) =>
        nn.functional.cross_entropy(classLogits, labels);
}
