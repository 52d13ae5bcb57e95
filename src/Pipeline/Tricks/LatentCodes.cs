using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// InfoGAN's categorical code (Chen, Duan, Houthooft, Schulman, Sutskever and Abbeel, "InfoGAN:
/// Interpretable representation learning by information maximizing generative adversarial nets",
/// NeurIPS 2016). The latent carries a uniform categorical code c beside the noise; a head Q on
/// the discriminator's features predicts c from the generated sample, and both networks minimise
/// the cross-entropy −E[log Q(c | G(z, c))], a lower bound of the mutual information I(c; G(z, c))
/// less the code's entropy. On mixtures a code lets the generator jump between modes instead of
/// bridging them with a continuous map.
/// </summary>
public static class LatentCodes
{
    /// <summary>λ · cross-entropy of the code head's logits [B, K] against the codes [B]; 0 for a code of no categories.</summary>
    [Pure]
    public static Tensor MutualInformation(Tensor codeLogits, Tensor codes, double weight = 1.0)
    {
        if (codeLogits.size(1) == 0) return zeros([], dtype: codeLogits.dtype, device: codeLogits.device);
        return nn.functional.cross_entropy(codeLogits, codes) * weight;
    }
}
