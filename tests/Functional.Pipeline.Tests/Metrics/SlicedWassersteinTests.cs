using Functional.Metrics;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Metrics;

public sealed class SlicedWassersteinTests
{
    static readonly SlicedWassersteinOptions Quick = new(PatchesPerImage: 16, Projections: 64, ProjectionsPerRepeat: 32);

    /// <summary>Blurry blobs: smooth random images in [−1, 1].</summary>
    static Tensor Blobs(int seed, int count) =>
        nn.functional.interpolate(Uniform(seed, -1, 1, float32, count, 1, 4, 4), size: [32, 32], mode: InterpolationMode.Bilinear, align_corners: false);

    [Fact]
    public void Identical_sets_are_at_distance_zero_at_every_level()
    {
        var images = Blobs(1, 40);

        var levels = SlicedWasserstein.Levels(images, images.clone(), seed: 3, Quick);

        Assert.Equal([32, 16], levels.Select(l => l.Resolution));
        Assert.All(levels, level => Assert.Equal(0, level.Distance));
    }

    [Fact]
    public void Grows_with_the_noise_added_to_a_set_and_is_seeded()
    {
        var images = Blobs(2, 40);
        var other = Blobs(3, 40);

        var (small, large) = (images + 0.05 * Normal(4, float32, 40, 1, 32, 32), images + 0.5 * Normal(5, float32, 40, 1, 32, 32));
        var (near, far) = (SlicedWasserstein.Compute(images, small, 1, Quick), SlicedWasserstein.Compute(images, large, 1, Quick));

        Assert.True(near > 0 && near < far, $"SWD to slightly noisy {near}, to very noisy {far}");
        Assert.True(SlicedWasserstein.Compute(images, other, 1, Quick) < far, "two blob sets should be closer than blobs and noise");
        Assert.Equal(far, SlicedWasserstein.Compute(images, large, 1, Quick));
    }

    [Fact]
    public void A_constant_image_has_no_detail_in_its_laplacian_levels()
    {
        var pyramid = SlicedWasserstein.LaplacianPyramid(full([2, 3, 32, 32], 0.25f), 3);

        Assert.Equal([32L, 16, 8], pyramid.Select(level => level.size(2)));
        Assert.True(pyramid[0].abs().max().item<float>() < 1e-6 && pyramid[1].abs().max().item<float>() < 1e-6, "detail in a constant image");
        Assert.Equal(0.25, pyramid[2].mean().item<float>(), 1e-6);
    }

    [Theory]
    [InlineData(32, 32, 16, 2)]
    [InlineData(64, 64, 16, 3)]
    [InlineData(28, 28, 16, 1)]
    [InlineData(16, 16, 16, 1)]
    public void Levels_halve_down_to_the_minimum_resolution(int height, int width, int min, int expected) =>
        Assert.Equal(expected, SlicedWasserstein.LevelCount(height, width, min));
}
