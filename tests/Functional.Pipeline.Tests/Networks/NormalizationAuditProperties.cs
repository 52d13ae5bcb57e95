using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Networks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Networks;

public sealed class NormalizationAuditProperties
{
    /// <summary>A BatchNorm of the given dimensionality at the given nesting depth.</summary>
    public sealed record NestedBatchNorm(int Depth, int Dimensions);

    public static class Nestings
    {
        public static Arbitrary<NestedBatchNorm> NestedBatchNorms() =>
            (from depth in Gen.Choose(0, 4)
             from dimensions in Gen.Choose(1, 3)
             select new NestedBatchNorm(depth, dimensions)).ToArbitrary();
    }

    [Property(MaxTest = 30, Arbitrary = [typeof(Nestings)])]
    public void Finds_a_batch_norm_at_any_depth_by_its_full_name(NestedBatchNorm nesting)
    {
        using var network = Nest(nesting.Depth, nesting.Dimensions switch
        {
            1 => nn.BatchNorm1d(4),
            2 => nn.BatchNorm2d(4),
            _ => nn.BatchNorm3d(4),
        });

        var found = NormalizationAudit.BatchNormLayers(network);

        // Each level is Sequential(Linear, next): the BatchNorm sits at 1.1.….1, one "1" per level.
        Assert.Equal(new[] { string.Join(".", Enumerable.Repeat("1", nesting.Depth + 1)) }, found.ToArray());
    }

    [Fact]
    public void Finds_a_batch_norm_two_levels_down_inside_a_custom_module()
    {
        using var features = nn.Sequential(nn.Linear(3, 8), nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8)));
        using var discriminator = new ProjectionDiscriminator(features, 8, 4);

        // Not a collection expression: Seq<T>'s Add is immutable, so [x] targeting Seq<string> is silently empty.
        Assert.Equal(new[] { "features.1.1" }, NormalizationAudit.BatchNormLayers(discriminator).ToArray());
    }

    [Fact]
    public void Finds_none_in_a_network_normalized_per_sample()
    {
        using var network = nn.Sequential(
            nn.Linear(3, 8), Norm.Layer(8), Blocks.LeakyRelu(),
            nn.Sequential(nn.Conv2d(8, 8, 3), Norm.Instance(8), Norm.Group(2, 8), SpectralNorm.Conv2d(8, 8, 1), WeightNorm.Conv2d(8, 8, 1)));

        Assert.Empty(NormalizationAudit.BatchNormLayers(network));
    }

    [Fact]
    public void Finds_pooling_and_relu_but_not_leaky_relu_or_strided_convolutions()
    {
        using var network = nn.Sequential(
            nn.Conv2d(3, 8, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Sequential(nn.Conv2d(8, 8, 3, stride: 2), Blocks.LeakyRelu(), nn.AvgPool2d(2)),
            nn.AdaptiveAvgPool2d(1));

        Assert.Equal(["1", "2", "3.2", "4"], NormalizationAudit.PoolingOrReluLayers(network).OrderBy(name => name, StringComparer.Ordinal));
        Assert.Empty(NormalizationAudit.PoolingOrReluLayers(Blocks.Mlp(2, 8, 2, 1, () => Blocks.LeakyRelu())));
    }

    static nn.Module<Tensor, Tensor> Nest(int depth, nn.Module<Tensor, Tensor> innermost) =>
        depth < 0 ? innermost : nn.Sequential(nn.Linear(4, 4), Nest(depth - 1, innermost));
}
