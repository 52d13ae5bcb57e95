using FsCheck;
using FsCheck.Xunit;
using Functional.Tricks;
using static TorchSharp.torch;
using Xunit;

namespace Functional.Tests.Tricks;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class PackingProperties
{
    [Property]
    public bool A_degree_of_one_is_the_batch_itself(ImageBatch batch)
    {
        using var scope = NewDisposeScope();
        var input = batch.ToTensor();
        return ReferenceEquals(Packing.Pack(input, 1), input);
    }

    [Property]
    public bool A_pack_holds_its_m_samples_in_order(PositiveInt groups, PositiveInt degree, PositiveInt features, int seed)
    {
        using var scope = NewDisposeScope();
        var (g, m, f) = (groups.Get % 5 + 1, degree.Get % 4 + 1, features.Get % 3 + 1);
        var batch = randn([g * m, f], generator: new TorchSharp.torch.Generator((ulong)seed, CPU));
        var packed = Packing.Pack(batch, m);
        if (!packed.shape.SequenceEqual([(long)g, (long)(m * f)])) return false;
        for (var k = 0; k < g; k++)
        for (var i = 0; i < m; i++)
            if (!packed[k].narrow(0, i * f, f).equal(batch[k * m + i]).all().item<bool>()) return false;
        return true;
    }

    [Fact]
    public void Images_are_packed_along_their_channels()
    {
        using var scope = NewDisposeScope();
        var batch = arange(4 * 3 * 2 * 2, dtype: ScalarType.Float32).reshape(4, 3, 2, 2);
        var packed = Packing.Pack(batch, 2);
        Assert.Equal([2L, 6, 2, 2], packed.shape);
        Assert.True(packed[1].narrow(0, 3, 3).equal(batch[3]).all().item<bool>());
    }

    [Fact]
    public void A_batch_that_does_not_divide_into_packs_is_refused_naming_both()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => Packing.Pack(zeros(10, 2), 4));
        Assert.Contains("10 samples", error.Message);
        Assert.Contains("groups of 4", error.Message);
        Assert.Throws<ArgumentException>(() => Packing.Degree(0));
    }

    [Property(MaxTest = 20)]
    public bool Gradients_reach_every_unpacked_sample(PositiveInt degree, int seed)
    {
        using var scope = NewDisposeScope();
        var m = degree.Get % 4 + 1;
        var batch = randn([m * 3, 2], generator: new TorchSharp.torch.Generator((ulong)seed, CPU)).requires_grad_(true);
        var weights = arange(m * 2, dtype: ScalarType.Float32) + 1;
        var output = (Packing.Pack(batch, m) * weights).sum();
        output.backward();
        // Each sample's gradient is the slice of the weights its place in the pack multiplies.
        return batch.grad!.reshape(3, m * 2).equal(weights.expand(3, m * 2)).all().all().item<bool>();
    }
}
