using System.Diagnostics.Contracts;
using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Metrics;

/// <summary>
/// How SWD samples: patch size, patches per image, the coarsest pyramid level, random directions.
/// The defaults are TF-GAN's (64 patches per image, one set of directions); ProGAN used 128 patches
/// per image and 4 × 128 directions, four times the sorting.
/// </summary>
public sealed record SlicedWassersteinOptions(
    int PatchSize = 7,
    int PatchesPerImage = 64,
    int MinResolution = 16,
    int Projections = 128,
    int ProjectionsPerRepeat = 128);

/// <summary>The SWD at one level of the Laplacian pyramid.</summary>
public readonly record struct SlicedWassersteinLevel(int Resolution, double Distance);

/// <summary>
/// Sliced Wasserstein distance between two image sets (Karras et al. 2018, ProGAN; TF-GAN's
/// sliced_wasserstein_distance), a metric with no network: a Laplacian pyramid of each image
/// (5×5 binomial filter, reflect padding) from full resolution down to <see cref="SlicedWassersteinOptions.MinResolution"/>;
/// at each level random 7×7 patches, normalized per channel over the set (ProGAN's normalization:
/// TF-GAN's per-patch one divides by zero on flat patches, common on glyph backgrounds); then the
/// mean over random unit directions of the 1-D Wasserstein-1 distance between the sorted projections.
/// Seeded: the directions are shared and each set's patches are drawn from a generator started from
/// the same seed, so identical sets give exactly 0.
/// </summary>
public static class SlicedWasserstein
{
    public const string Name = "swd";

    /// <summary>The average over the pyramid levels (ProGAN reports this, times 10³).</summary>
    [Pure]
    public static double Compute(Tensor imagesA, Tensor imagesB, long seed = 0, SlicedWassersteinOptions? options = null) =>
        Levels(imagesA, imagesB, seed, options).Average(level => level.Distance);

    /// <summary>The distance at each pyramid level, finest first.</summary>
    [Pure]
    public static IReadOnlyList<SlicedWassersteinLevel> Levels(Tensor imagesA, Tensor imagesB, long seed = 0, SlicedWassersteinOptions? options = null)
    {
        var o = options ?? new SlicedWassersteinOptions();
        Check(imagesA, imagesB, o);
        using var scope = NewDisposeScope();
        var (a, b) = (imagesA.detach().to(CPU).to_type(float32), imagesB.detach().to(CPU).to_type(float32));
        var levels = LevelCount(a.size(2), a.size(3), o.MinResolution);
        var patches = o.PatchesPerImage * Math.Min(a.size(0), b.size(0));

        using var patchesA = new torch.Generator((ulong)seed);
        using var patchesB = new torch.Generator((ulong)seed);
        using var directions = new torch.Generator((ulong)seed + 1);
        var (pyramidA, pyramidB) = (LaplacianPyramid(a, levels), LaplacianPyramid(b, levels));
        var result = new List<SlicedWassersteinLevel>();
        for (var level = 0; level < levels; level++)
        {
            using var levelScope = NewDisposeScope();
            var descriptorsA = Normalize(Patches(pyramidA[level], patches, o.PatchSize, patchesA));
            var descriptorsB = Normalize(Patches(pyramidB[level], patches, o.PatchSize, patchesB));
            result.Add(new((int)pyramidA[level].size(2), Distance(descriptorsA, descriptorsB, o, directions)));
        }
        return result;
    }

    /// <summary>
    /// Level i holds the detail lost between resolution H/2^i and H/2^(i+1); the last level is the
    /// blurred, downsampled image itself. Down and up sampling match OpenCV's pyrDown and pyrUp.
    /// </summary>
    [Pure]
    public static Tensor[] LaplacianPyramid(Tensor images, int levels)
    {
        var pyramid = new List<Tensor> { images };
        for (var i = 1; i < levels; i++)
        {
            var coarser = Down(pyramid[^1]);
            pyramid[^1] = pyramid[^1] - Up(coarser);
            pyramid.Add(coarser);
        }
        return pyramid.ToArray();
    }

    /// <summary>Halvings while both sides stay even and at least <paramref name="minResolution"/> after halving.</summary>
    [Pure]
    public static int LevelCount(long height, long width, int minResolution)
    {
        var levels = 1;
        for (; height % 2 == 0 && width % 2 == 0 && Math.Min(height, width) / 2 >= minResolution; levels++)
            (height, width) = (height / 2, width / 2);
        return levels;
    }

    static readonly double[] Binomial = [1, 4, 6, 4, 1];

    static Tensor Blur(Tensor x, double gain)
    {
        var channels = x.size(1);
        var row = tensor(Binomial, float32, x.device);
        var kernel = (row.outer(row) * (gain / 256)).expand(channels, 1, 5, 5);
        var padded = nn.functional.pad(x, [2, 2, 2, 2], PaddingModes.Reflect);
        return nn.functional.conv2d(padded, kernel, groups: channels);
    }

    static readonly TensorIndex Even = TensorIndex.Slice(0, null, 2);

    static Tensor Down(Tensor x) => Blur(x, 1)[TensorIndex.Colon, TensorIndex.Colon, Even, Even];

    static Tensor Up(Tensor x)
    {
        var spread = zeros(x.size(0), x.size(1), 2 * x.size(2), 2 * x.size(3), x.dtype, x.device);
        spread.index_put_(x, TensorIndex.Colon, TensorIndex.Colon, Even, Even);
        return Blur(spread, 4);
    }

    /// <summary><paramref name="count"/> patches [count, C·size·size] at uniform images and positions (patches lie inside the image).</summary>
    static Tensor Patches(Tensor level, long count, int size, torch.Generator generator)
    {
        var (n, c, h, w) = (level.size(0), level.size(1), level.size(2), level.size(3));
        var image = randint(0, n, [count, 1, 1, 1], generator: generator);
        var top = randint(0, h - size + 1, [count, 1, 1, 1], generator: generator);
        var left = randint(0, w - size + 1, [count, 1, 1, 1], generator: generator);
        var channel = arange(c).reshape(1, c, 1, 1);
        var dy = arange(size).reshape(1, 1, size, 1);
        var dx = arange(size).reshape(1, 1, 1, size);
        var index = ((image * c + channel) * h + top + dy) * w + left + dx;
        return level.contiguous().flatten().take(index).reshape(count, c, size, size);
    }

    /// <summary>Per channel over all patches of the set: zero mean, unit standard deviation (a flat set stays 0).</summary>
    static Tensor Normalize(Tensor patches)
    {
        var centred = patches - patches.mean([0, 2, 3], keepdim: true);
        var deviation = centred.square().mean([0, 2, 3], keepdim: true).sqrt().clamp_min(1e-8);
        return (centred / deviation).flatten(1);
    }

    static double Distance(Tensor a, Tensor b, SlicedWassersteinOptions o, torch.Generator generator)
    {
        var total = 0.0;
        var repeats = 0;
        for (var done = 0; done < o.Projections; done += o.ProjectionsPerRepeat, repeats++)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(o.ProjectionsPerRepeat, o.Projections - done);
            var directions = randn([count, a.size(1)], generator: generator);
            directions /= directions.square().sum(1, keepdim: true).sqrt();
            // [directions, patches]: each projection contiguous, so the sort runs along the last dimension (2× faster here).
            var (projectedA, projectedB) = (directions.matmul(a.t()).sort(1).Values, directions.matmul(b.t()).sort(1).Values);
            total += (projectedA - projectedB).abs().mean().item<float>() * count;
        }
        return total / o.Projections;
    }

    static void Check(Tensor a, Tensor b, SlicedWassersteinOptions o)
    {
        if (a.dim() != 4 || b.dim() != 4 || !a.shape[1..].SequenceEqual(b.shape[1..]))
            throw new ArgumentException($"SWD needs two image sets [N, C, H, W] of one image shape, got [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}]");
        if (a.size(0) < 1 || b.size(0) < 1) throw new ArgumentException("SWD needs at least one image in each set");
        if (Math.Min(a.size(2), a.size(3)) < Math.Max(o.PatchSize, 3))
            throw new ArgumentException($"images {a.size(2)}×{a.size(3)} are smaller than the {o.PatchSize}×{o.PatchSize} patches");
        if (o.PatchSize < 1 || o.PatchesPerImage < 1 || o.Projections < 1 || o.ProjectionsPerRepeat < 1 || o.MinResolution < 1)
            throw new ArgumentException($"SWD options must be positive: {o}");
    }
}
