using Functional.Metrics;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Metrics;

public sealed class PrecisionRecallTests
{
    [Fact]
    public void Kth_neighbour_distances_exclude_the_point_itself()
    {
        var points = tensor(new[] { 0.0, 1, 3, 6 }, float64).reshape(4, 1);

        Assert.Equal([1.0, 1, 2, 3], PrecisionRecall.KthNeighbourDistances(points, 1).data<double>().ToArray());
        Assert.Equal([3.0, 2, 3, 5], PrecisionRecall.KthNeighbourDistances(points, 2).data<double>().ToArray());
    }

    [Fact]
    public void Identical_sets_have_precision_and_recall_one()
    {
        var features = Normal(1, float32, 300, 10);

        Assert.Equal((1.0, 1.0), PrecisionRecall.Compute(features, features.clone()));
    }

    [Fact]
    public void Disjoint_far_apart_sets_have_precision_and_recall_zero()
    {
        var real = Normal(2, float32, 200, 10);
        var fake = Normal(3, float32, 200, 10) + 100;

        Assert.Equal((0.0, 0.0), PrecisionRecall.Compute(real, fake));
    }

    [Fact]
    public void A_generator_that_drops_one_of_two_modes_keeps_precision_and_loses_half_the_recall()
    {
        var (kept, dropped) = (Normal(4, float32, 150, 5), Normal(5, float32, 150, 5) + 50);
        var real = cat([kept, dropped], 0);

        Assert.Equal((1.0, 0.5), PrecisionRecall.Compute(real, kept.clone()));
    }

    [Fact]
    public void Works_across_blocks_of_rows()
    {
        var real = Normal(6, float32, PrecisionRecall.RowsPerBlock + 37, 3);

        Assert.Equal((1.0, 1.0), PrecisionRecall.Compute(real, real.clone(), k: 5));
    }

    [Fact]
    public void K_must_leave_neighbours_in_each_set() =>
        Assert.Throws<ArgumentException>(() => PrecisionRecall.Compute(zeros(3, 2), zeros(10, 2), k: 3));
}
