using FsCheck.Xunit;
using Functional.Networks;
using Functional.Tests.Support;
using TorchSharp;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Networks;

[Properties(MaxTest = 30, Arbitrary = [typeof(Cases)])]
public sealed class WeightNormProperties
{
    [Property]
    public void Each_row_of_a_weight_normalized_linear_weight_has_norm_g(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        using var layer = WeightNorm.Linear(shape.In, shape.Out);
        var g = Randomize(layer, shape.Seed);

        var rowNorms = layer.EffectiveWeight().norm(1);

        AssertClose(g.flatten(), rowNorms, 1e-5, "row norms and g");
    }

    [Property]
    public void Each_output_channel_of_a_weight_normalized_conv_has_norm_g(ConvShape shape)
    {
        using var scope = NewDisposeScope();
        using var conv = WeightNorm.Conv2d(shape.InChannels, shape.OutChannels, shape.Kernel);
        using var transposed = WeightNorm.ConvTranspose2d(shape.InChannels, shape.OutChannels, shape.Kernel);
        var g = Randomize(conv, shape.Seed);
        var gTransposed = Randomize(transposed, shape.Seed + 1);

        AssertClose(g.flatten(), conv.EffectiveWeight().flatten(1).norm(1), 1e-5, "conv channel norms and g");
        // A transposed convolution's weight is (in, out, k, k): the norm is per dim 1.
        Assert.Equal([1L, shape.OutChannels, 1L, 1L], transposed.Magnitude.shape);
        AssertClose(gTransposed.flatten(), transposed.EffectiveWeight().transpose(0, 1).flatten(1).norm(1), 1e-5, "transposed conv channel norms and g");
    }

    [Property]
    public void A_freshly_wrapped_layer_computes_what_the_original_computed(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        using var plain = nn.Linear(shape.In, shape.Out);
        using var normalized = new WeightNormalized(plain);
        var input = Normal(shape.Seed, float32, shape.Batch, shape.In);

        AssertClose(plain.weight, normalized.EffectiveWeight(), 1e-6, "effective weight and the original");
        AssertClose(plain.call(input), normalized.call(input), 1e-5, "outputs");
    }

    [Property]
    public void The_direction_does_not_change_the_layer_when_only_its_length_changes(ConvShape shape)
    {
        using var scope = NewDisposeScope();
        using var layer = WeightNorm.Conv2d(shape.InChannels, shape.OutChannels, shape.Kernel);
        var input = Normal(shape.Seed, float32, shape.Batch, shape.InChannels, shape.Size, shape.Size);
        var before = layer.call(input);

        using (no_grad()) layer.Direction.mul_(Uniform(shape.Seed + 1, 0.5, 3.0, float32, shape.OutChannels, 1, 1, 1));

        AssertClose(before, layer.call(input), 1e-4, "outputs after rescaling v per channel");
    }

    [Fact]
    public void The_parameters_are_named_as_in_PyTorch_and_both_get_gradients()
    {
        using var scope = NewDisposeScope();
        using var layer = WeightNorm.Linear(3, 2);
        Assert.Equal(["bias", "weight_g", "weight_v"], layer.state_dict().Keys.Order());

        layer.call(Normal(1, float32, 4, 3)).pow(2).sum().backward();

        Assert.NotNull(layer.Magnitude.grad);
        Assert.NotNull(layer.Direction.grad);
    }

    [Fact]
    public void Moving_to_another_dtype_moves_g_and_v_with_the_module()
    {
        using var scope = NewDisposeScope();
        using var layer = WeightNorm.ConvTranspose2d(2, 3, 3, stride: 2, padding: 1, outputPadding: 1);

        layer.to(float64);

        Assert.Equal(float64, layer.Magnitude.dtype);
        Assert.Same(layer.Direction, layer.state_dict()["weight_v"]);
        Assert.Equal([1L, 3L, 8L, 8L], layer.call(ones(1, 2, 4, 4, float64)).shape);
    }

    /// <summary>Random direction and positive magnitudes; returns g.</summary>
    static Tensor Randomize(WeightNormalized layer, int seed)
    {
        using var _ = no_grad();
        layer.Direction.copy_(Normal(seed, float32, layer.Direction.shape));
        layer.Magnitude.copy_(Uniform(seed + 1, 0.1, 3.0, float32, layer.Magnitude.shape));
        return layer.Magnitude.detach().clone();
    }
}
