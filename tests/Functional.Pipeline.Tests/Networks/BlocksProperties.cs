using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Networks;
using Functional.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Networks;

[Properties(MaxTest = 30, Arbitrary = [typeof(Cases)])]
public sealed class BlocksProperties
{
    [Property]
    public void An_mlp_has_one_more_linear_than_hidden_layers_and_maps_input_to_output(LayerShape shape, byte hiddenLayersSeed)
    {
        using var scope = NewDisposeScope();
        var hiddenLayers = hiddenLayersSeed % 4;
        using var mlp = Blocks.Mlp(shape.In, 5, hiddenLayers, shape.Out, () => Blocks.LeakyRelu());

        var layers = mlp.children().ToArray();
        Assert.Equal(hiddenLayers + 1, layers.OfType<Linear>().Count());
        Assert.Equal(hiddenLayers, layers.OfType<LeakyReLU>().Count());
        Assert.IsType<Linear>(layers[^1]);
        Assert.Equal([shape.Batch, (long)shape.Out], mlp.call(Normal(shape.Seed, float32, shape.Batch, shape.In)).shape);
    }

    [Fact]
    public void Leaky_relu_has_slope_one_fifth_by_default()
    {
        using var scope = NewDisposeScope();
        AssertClose(tensor(new[] { -1.0f, -0.5f, 2.0f }) * tensor(new[] { 0.2f, 0.2f, 1.0f }), Blocks.LeakyRelu().call(tensor(new[] { -1.0f, -0.5f, 2.0f })), 1e-7, "leaky relu");
    }

    [Property]
    public void Per_sample_norms_normalize_each_sample_on_its_own(ConvShape shape)
    {
        using var scope = NewDisposeScope();
        var images = Normal(shape.Seed, float32, shape.Batch, 4, shape.Size + 1, shape.Size + 1) * 3 + 2;

        // Changing another sample must not change this one's output.
        var changed = images.clone();
        if (shape.Batch > 1) changed[1].mul_(5);
        foreach (var norm in new nn.Module<Tensor, Tensor>[] { Norm.Layer(4, shape.Size + 1, shape.Size + 1), Norm.Instance(4), Norm.Group(2, 4) })
        {
            using (norm)
            {
                var output = norm.call(images);
                Assert.Equal(images.shape, output.shape);
                AssertClose(output[0], norm.call(changed)[0], 1e-5, $"{norm.GetType().Name} of sample 0");
            }
        }
    }

    [Fact]
    public void Group_norm_starts_with_unit_weight_and_zero_bias()
    {
        // A regression test for TorchSharp 0.107, whose GroupNorm leaves them uninitialized.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var norm = Norm.Group(2, 64);
            AssertEqualExactly(ones(64), norm.weight, "weight");
            AssertEqualExactly(zeros(64), norm.bias!, "bias");
        }
    }

    [Fact]
    public void Batch_norm_normalizes_across_the_batch()
    {
        using var scope = NewDisposeScope();
        using var norm = Norm.Batch(3);
        using var vectors = Norm.Batch1d(3);
        var output = norm.call(Normal(7, float32, 8, 3, 4, 4) * 3 + 2);

        AssertClose(zeros(3), output.mean([0, 2, 3]), 1e-5, "per-channel batch mean");
        Assert.Equal([8L, 3L], vectors.call(Normal(8, float32, 8, 3)).shape);
    }
}
