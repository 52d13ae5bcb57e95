using Functional.Data;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Data;

public sealed class GaussianMixtureTests
{
    [Fact]
    public void The_grid_has_its_25_means_exactly_on_minus_4_to_4_in_steps_of_2()
    {
        var grid = GaussianMixture.Grid();
        double[] axis = [-4, -2, 0, 2, 4];

        var means = Enumerable.Range(0, grid.Modes).Select(i => (grid.Means[i, 0], grid.Means[i, 1])).ToHashSet();

        Assert.Equal(25, grid.Modes);
        Assert.Equal(0.05, grid.Sigma);
        Assert.True(means.SetEquals(from x in axis from y in axis select (x, y)), $"grid means: {string.Join(" ", means)}");
    }

    [Fact]
    public void The_ring_has_8_means_on_the_unit_circle_at_angles_2_pi_i_over_8()
    {
        var ring = GaussianMixture.Ring();

        Assert.Equal(8, ring.Modes);
        Assert.Equal(0.01, ring.Sigma);
        for (var i = 0; i < 8; i++)
        {
            var (x, y) = (ring.Means[i, 0], ring.Means[i, 1]);
            Assert.Equal(1.0, Math.Sqrt(x * x + y * y), 1e-12);
            var angle = (Math.Atan2(y, x) + 2 * Math.PI) % (2 * Math.PI);
            Assert.Equal(2 * Math.PI * i / 8, angle, 1e-12);
        }
    }

    [Fact]
    public void The_means_tensor_holds_the_means()
    {
        using var scope = NewDisposeScope();
        var ring = GaussianMixture.Ring();

        var means = ring.MeansTensor();

        Assert.Equal([8L, 2L], means.shape);
        AssertClose(tensor(ring.Means), means, 1e-7, "ring means");
    }

    [Fact]
    public void Sampling_is_deterministic_for_a_seed()
    {
        using var scope = NewDisposeScope();
        var ring = GaussianMixture.Ring();
        using var first = new TorchSharp.torch.Generator(42);
        using var again = new TorchSharp.torch.Generator(42);
        using var other = new TorchSharp.torch.Generator(43);

        var a = ring.Sample(300, first);
        var b = ring.Sample(300, again);
        var c = ring.Sample(300, other);

        Assert.Equal([300L, 2L], a.shape);
        AssertEqualExactly(a, b, "samples of the same seed");
        Assert.False(a.eq(c).all().item<bool>(), "different seeds gave the same samples");
    }

    [Theory]
    [InlineData("ring")]
    [InlineData("grid")]
    public void Each_mode_gets_its_share_of_samples_spread_by_sigma(string which)
    {
        using var scope = NewDisposeScope();
        var mixture = which == "ring" ? GaussianMixture.Ring() : GaussianMixture.Grid();
        using var generator = new TorchSharp.torch.Generator(7);
        const int count = 50_000;

        var samples = mixture.Sample(count, generator).to_type(float64);
        var means = mixture.MeansTensor().to_type(float64);
        var nearest = cdist(samples, means).argmin(1);
        var residuals = samples - means.index_select(0, nearest);

        for (var mode = 0; mode < mixture.Modes; mode++)
        {
            var mine = residuals[nearest.eq(mode)];
            var share = (double)mine.size(0) / count;
            Assert.InRange(share, 0.85 / mixture.Modes, 1.15 / mixture.Modes);
            var std = mine.std(0);
            foreach (var axis in new[] { 0, 1 })
                Assert.InRange(std[axis].item<double>(), 0.93 * mixture.Sigma, 1.07 * mixture.Sigma);
            Assert.InRange(mine.mean([0]).abs().max().item<double>(), 0, 0.2 * mixture.Sigma);
        }
    }

    [Fact]
    public void Mixture_batches_are_fresh_each_time_and_repeat_for_a_seed()
    {
        using var scope = NewDisposeScope();
        var options = new DataOptions(BatchSize: 64, Seed: 5, CPU);
        using var first = new MixtureBatches(GaussianMixture.Ring(), options);
        using var again = new MixtureBatches(GaussianMixture.Ring(), options);

        var (a1, a2) = (first.Next(), first.Next());
        var (b1, b2) = (again.Next(), again.Next());

        Assert.Equal([64L, 2L], a1.Real.shape);
        Assert.Null(a1.Labels);
        Assert.Equal(0, first.Classes);
        Assert.Equal([2L], first.SampleShape);
        AssertEqualExactly(a1.Real, b1.Real, "first batches");
        AssertEqualExactly(a2.Real, b2.Real, "second batches");
        Assert.False(a1.Real.eq(a2.Real).all().item<bool>(), "two batches of one source were the same");
    }
}
