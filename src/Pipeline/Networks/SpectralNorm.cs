using System.Diagnostics.Contracts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// Spectral normalization (Miyato et al. 2018): divide a layer's weight by its largest singular
/// value, estimated by power iteration, so the layer is 1-Lipschitz and the discriminator cannot
/// sharpen without bound. TorchSharp 0.107 has no spectral_norm; this is it.
/// </summary>
public static class SpectralNorm
{
    /// <summary>Guards the normalizations against a zero vector, as PyTorch's spectral_norm does.</summary>
    public const double Epsilon = 1e-12;

    /// <summary>Power iterations run when a layer is wrapped, so its first forward pass already has a good sigma (PyTorch runs 15).</summary>
    public const int WarmUpIterations = 15;

    /// <summary>
    /// <paramref name="iterations"/> steps of v = normalize(Wᵀu), u = normalize(Wv), then sigma = uᵀWv.
    /// U and V are computed without gradient (they are estimates, not functions of W); Sigma is
    /// differentiable in <paramref name="weight2d"/>, which is the gradient spectral_norm uses.
    /// With zero iterations, u is kept and v = normalize(Wᵀu), which is how a layer in eval mode reads its sigma.
    /// </summary>
    [Pure]
    public static (Tensor Sigma, Tensor U, Tensor V) PowerIteration(Tensor weight2d, Tensor u, int iterations = 1)
    {
        if (weight2d.dim() != 2) throw new ArgumentException($"PowerIteration wants a matrix, got shape [{string.Join(", ", weight2d.shape)}].", nameof(weight2d));
        if (iterations < 0) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "Power iterations cannot be negative.");
        Tensor left, right;
        using (no_grad())
        {
            var w = weight2d.detach();
            (left, right) = (u.detach(), Normalize(w.t().mv(u)));
            for (var step = 1; step <= iterations; step++)
            {
                left = Normalize(w.mv(right));
                if (step < iterations) right = Normalize(w.t().mv(left));
            }
        }
        return (left.dot(weight2d.mv(right)), left, right);
    }

    /// <summary>The weight as the matrix whose spectral norm is taken: output units as rows, everything else flattened.</summary>
    [Pure]
    public static Tensor WeightMatrix(Tensor weight, long outputDim = 0) =>
        weight.movedim([outputDim], [0]).reshape(weight.shape[outputDim], -1);

    /// <summary>A random unit vector, the starting point of the power iteration.</summary>
    [Pure]
    public static Tensor RandomUnitVector(long size, ScalarType dtype, Device device) =>
        Normalize(randn(size, dtype, device));

    [Pure]
    internal static Tensor Normalize(Tensor vector) =>
        nn.functional.normalize(vector, p: 2, dim: 0, eps: Epsilon);

    /// <summary>A spectrally normalized fully connected layer.</summary>
    public static SpectrallyNormalized Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        using var layer = nn.Linear(inFeatures, outFeatures, bias);
        return new SpectrallyNormalized(layer);
    }

    /// <summary>A spectrally normalized square-kernel convolution.</summary>
    public static SpectrallyNormalized Conv2d(long inC, long outC, long kernel, long stride = 1, long padding = 0, bool bias = true)
    {
        using var layer = nn.Conv2d(inC, outC, kernel, stride, padding, bias: bias);
        return new SpectrallyNormalized(layer);
    }

    /// <summary>A spectrally normalized square-kernel transposed convolution (the norm is taken per output channel, dim 1).</summary>
    public static SpectrallyNormalized ConvTranspose2d(long inC, long outC, long kernel, long stride = 1, long padding = 0, long outputPadding = 0, bool bias = true)
    {
        using var layer = nn.ConvTranspose2d(inC, outC, kernel, stride, padding, outputPadding, bias: bias);
        return new SpectrallyNormalized(layer);
    }

    /// <summary>A spectrally normalized class embedding, as in the projection discriminator (Miyato &amp; Koyama 2018).</summary>
    public static SpectrallyNormalized Embedding(long classes, long embeddingSize)
    {
        // nn.Embedding's own initialisation: N(0, 1).
        using var weight = randn(classes, embeddingSize);
        return new SpectrallyNormalized(LayerCall.Embedding, weight, bias: null);
    }
}
