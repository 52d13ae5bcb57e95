using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// PacGAN's packing (Lin, Khetan, Fanti and Oh, "PacGAN: The power of two samples in generative
/// adversarial networks", NeurIPS 2018): the discriminator decides on m samples at once, so a
/// generator that covers few modes shows it in the joint statistics of a pack. The experiment's
/// step packs real with real and generated with generated, each group of m consecutive samples of
/// the batch becoming one input of m times the features.
/// </summary>
public static class Packing
{
    /// <summary>A [Packing] method's degree, checked: at least 1.</summary>
    public static int Degree(int degree) =>
        degree >= 1 ? degree : throw new ArgumentException($"[Packing]: the packing degree is {degree}; use 1 (no packing) or more.");

    /// <summary>
    /// [B, d…] to [B/m, m·d…]: samples km…km+m−1 concatenated, in order, along their first feature
    /// dimension (for images, the channels). m = 1 is the batch unchanged. A batch that does not
    /// divide into groups of m is refused, naming both.
    /// </summary>
    [Pure]
    public static Tensor Pack(Tensor batch, int m)
    {
        if (m < 1) throw new ArgumentException($"packing degree {m}: use 1 or more", nameof(m));
        if (m == 1) return batch;
        var size = batch.size(0);
        if (size % m != 0)
            throw new ArgumentException($"a batch of {size} samples cannot be packed in groups of {m}: use a batch size that is a multiple of {m}", nameof(batch));
        var shape = batch.shape;
        var packed = new long[shape.Length];
        packed[0] = size / m;
        packed[1] = shape[1] * m;
        for (var i = 2; i < shape.Length; i++) packed[i] = shape[i];
        // [B, c, …] → [B/m, m, c, …] → [B/m, m·c, …]: sample-major within a pack.
        return batch.reshape(packed);
    }
}
