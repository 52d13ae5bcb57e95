using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>How a label embedding is joined to a network's input (Mirza &amp; Osindero 2014).</summary>
public static class LabelConditioning
{
    /// <summary>
    /// Concatenates per-sample label embeddings (N, E) to <paramref name="input"/>: along the last
    /// dimension for (N, F) inputs, giving (N, F + E); as E constant channel maps for (N, C, H, W, ...)
    /// inputs, giving (N, C + E, H, W, ...).
    /// </summary>
    [Pure]
    public static Tensor Append(Tensor input, Tensor embedding) =>
        input.dim() == 2
            ? cat([input, embedding], 1)
            : cat([input, ChannelMaps(embedding, input.shape)], 1);

    static Tensor ChannelMaps(Tensor embedding, long[] inputShape) =>
        embedding
            .reshape([embedding.shape[0], embedding.shape[1], .. Enumerable.Repeat(1L, inputShape.Length - 2)])
            .expand([embedding.shape[0], embedding.shape[1], .. inputShape[2..]]);
}
