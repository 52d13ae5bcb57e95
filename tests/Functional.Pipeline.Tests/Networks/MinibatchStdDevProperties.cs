using FsCheck;
using FsCheck.Xunit;
using Functional.Networks;
using static TorchSharp.torch;
using Xunit;

namespace Functional.Tests.Networks;

[Properties(MaxTest = 40)]
public sealed class MinibatchStdDevProperties
{
    static Tensor Random(long[] shape, int seed) => randn(shape, generator: new TorchSharp.torch.Generator((ulong)seed, CPU));

    [Property]
    public bool A_constant_batch_gives_zero(PositiveInt groups, PositiveInt features, float value)
    {
        using var scope = NewDisposeScope();
        if (!float.IsFinite(value) || Math.Abs(value) > 1e6) return true;
        using var layer = new MinibatchStdDev(4);
        var input = full([groups.Get % 4 * 4 + 4, features.Get % 7 + 1], value);
        var output = layer.call(input);
        return output.size(1) == input.size(1) + 1
            && output.narrow(1, 0, input.size(1)).equal(input).all().item<bool>()
            && output.select(1, input.size(1)).abs().max().item<float>() == 0;
    }

    [Property]
    public bool Shuffling_within_a_group_does_not_change_it(PositiveInt features, int seed)
    {
        using var scope = NewDisposeScope();
        using var layer = new MinibatchStdDev(4);
        var input = Random([8, features.Get % 5 + 1], seed);
        var within = tensor(new long[] { 3, 1, 0, 2, 6, 4, 7, 5 });
        var original = layer.call(input).select(1, input.size(1));
        var shuffled = layer.call(input.index_select(0, within)).select(1, input.size(1));
        return (original - shuffled).abs().max().item<float>() <= 1e-6f;
    }

    [Property]
    public bool It_is_the_groups_mean_feature_standard_deviation(int seed)
    {
        using var scope = NewDisposeScope();
        using var layer = new MinibatchStdDev(2);
        var input = Random([4, 3, 2, 2], seed);
        var output = layer.call(input);
        var extra = output.select(1, 3);
        var first = input.narrow(0, 0, 2).std(0, unbiased: false).mean().item<float>();
        // Up to √ε = 1e-4: the layer takes √(σ² + ε) − √ε, exactly 0 for identical samples.
        return output.shape.SequenceEqual([4L, 4, 2, 2])
            && (extra[0] - first).abs().max().item<float>() <= 2e-4f
            && (extra[1] - first).abs().max().item<float>() <= 2e-4f;
    }

    [Fact]
    public void A_group_of_one_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new MinibatchStdDev(1));
        Assert.Contains("always 0", error.Message);
    }

    [Fact]
    public void A_batch_that_does_not_split_into_groups_is_refused()
    {
        using var scope = NewDisposeScope();
        using var layer = new MinibatchStdDev(4);
        Assert.Contains("groups of 4", Assert.Throws<ArgumentException>(() => layer.call(zeros(6, 2))).Message);
    }
}
