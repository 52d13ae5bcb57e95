using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Metrics;

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the union of
/// balls around its points, the radius of a point's ball being the distance to its k-th nearest
/// neighbour within its own set. Precision is the fraction of fake points inside the real manifold
/// (quality); recall the fraction of real points inside the fake manifold (coverage). Euclidean
/// distances in float64 from torch.cdist, <see cref="RowsPerBlock"/> rows at a time.
/// </summary>
public static class PrecisionRecall
{
    public const string PrecisionName = "precision";
    public const string RecallName = "recall";
    public const int RowsPerBlock = 1024;

    [Pure]
    public static (double Precision, double Recall) Compute(Tensor real, Tensor fake, int k = 3)
    {
        using var scope = NewDisposeScope();
        var (r, f) = (AsMatrix(real, nameof(real)), AsMatrix(fake, nameof(fake)));
        if (r.size(1) != f.size(1)) throw new ArgumentException($"feature sizes differ: {r.size(1)} and {f.size(1)}");
        if (k < 1 || k >= Math.Min(r.size(0), f.size(0)))
            throw new ArgumentException($"k = {k} needs more than k points in each set (have {r.size(0)} real, {f.size(0)} fake)");
        var (realRadii, fakeRadii) = (KthNeighbourDistances(r, k), KthNeighbourDistances(f, k));
        return (InsideFraction(f, r, realRadii), InsideFraction(r, f, fakeRadii));
    }

    /// <summary>For each point, the distance to its k-th nearest neighbour in the same set (itself excluded).</summary>
    [Pure]
    public static Tensor KthNeighbourDistances(Tensor points, int k) =>
        Blocks(points, block =>
            // The k+1 smallest include the point itself at distance 0.
            cdist(block, points).topk(k + 1, dim: 1, largest: false).values[.., k]);

    /// <summary>The fraction of <paramref name="queries"/> within the ball of at least one manifold point.</summary>
    [Pure]
    static double InsideFraction(Tensor queries, Tensor manifold, Tensor radii) =>
        Blocks(queries, block => (cdist(block, manifold) <= radii.unsqueeze(0)).any(1).to_type(float64))
            .mean().item<double>();

    static Tensor Blocks(Tensor rows, Func<Tensor, Tensor> perBlock)
    {
        var parts = new List<Tensor>();
        for (long start = 0; start < rows.size(0); start += RowsPerBlock)
        {
            using var scope = NewDisposeScope();
            parts.Add(perBlock(rows.narrow(0, start, Math.Min(RowsPerBlock, rows.size(0) - start))).MoveToOuterDisposeScope());
        }
        return cat(parts, 0);
    }

    static Tensor AsMatrix(Tensor features, string name)
    {
        if (features.dim() < 2) throw new ArgumentException($"{name}: expected [N, ...], got [{string.Join(", ", features.shape)}]");
        return features.detach().to(CPU).to_type(float64).flatten(1);
    }
}
