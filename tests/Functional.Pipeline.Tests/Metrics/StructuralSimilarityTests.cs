using FsCheck.Xunit;
using Functional.Metrics;
using Functional.Tests.Support;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Metrics;

[Properties(MaxTest = 20, Arbitrary = [typeof(Cases)])]
public sealed class StructuralSimilarityTests
{
    static Tensor Images(int seed, long count = 3, long size = 16) => Uniform(seed, 0, 1, float64, count, 1, size, size);

    [Property]
    public void An_image_is_perfectly_similar_to_itself_and_similarity_is_symmetric_and_bounded(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        var (a, b) = (Images(shape.Seed), Images(shape.Seed + 1));
        Assert.All(StructuralSimilarity.PerImage(a, a).data<double>().ToArray(), s => Assert.Equal(1, s, 12));
        AssertClose(StructuralSimilarity.PerImage(a, b), StructuralSimilarity.PerImage(b, a), 1e-12, "SSIM(a, b) and SSIM(b, a)");
        Assert.All(StructuralSimilarity.PerImage(a, b).data<double>().ToArray(), s => Assert.InRange(s, -1, 1));
    }

    [Property]
    public void More_noise_is_less_similar(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        var image = Images(shape.Seed, 1);
        var noise = Normal(shape.Seed + 1, float64, 1, 1, 16, 16);
        var similarities = new[] { 0.02, 0.1, 0.5 }.Select(level => StructuralSimilarity.Mean(image, image + level * noise)).ToArray();
        Assert.True(similarities[0] > similarities[1] && similarities[1] > similarities[2], string.Join(", ", similarities));
    }

    [Fact]
    public void It_is_the_papers_formula_on_one_window()
    {
        // An 11×11 image is one window position: SSIM is then the formula on Gaussian-weighted moments.
        using var scope = NewDisposeScope();
        var (x, y) = (Images(1, 1, 11), Images(2, 1, 11));
        var offsets = arange(11, dtype: float64) - 5;
        var g = (-(offsets * offsets) / (2 * 1.5 * 1.5)).exp();
        var w = g.outer(g) / g.outer(g).sum();
        double Moment(Tensor t) => Value((w * t[0, 0]).sum());
        var (mx, my) = (Moment(x), Moment(y));
        var (vx, vy, cxy) = (Moment(x * x) - mx * mx, Moment(y * y) - my * my, Moment(x * y) - mx * my);
        var (c1, c2) = (0.01 * 0.01, 0.03 * 0.03);
        var expected = (2 * mx * my + c1) * (2 * cxy + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        Assert.Equal(expected, StructuralSimilarity.Mean(x, y), 10);
    }

    [Fact]
    public void Images_smaller_than_the_window_or_of_other_shapes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => StructuralSimilarity.PerImage(zeros(1, 1, 8, 8), zeros(1, 1, 8, 8)));
        Assert.Throws<ArgumentException>(() => StructuralSimilarity.PerImage(zeros(1, 1, 16, 16), zeros(2, 1, 16, 16)));
    }
}
