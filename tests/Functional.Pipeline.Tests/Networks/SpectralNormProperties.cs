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
public sealed class SpectralNormProperties
{
    [Property]
    public void Power_iteration_finds_the_largest_singular_value(Spectrum spectrum)
    {
        using var scope = NewDisposeScope();
        var weight = WithSpectrum(spectrum, float64);
        var start = nn.functional.normalize(Normal(spectrum.Seed + 2, float64, spectrum.Rows), dim: 0);

        var (sigma, u, v) = SpectralNorm.PowerIteration(weight, start, iterations: 50);

        var largest = Value(linalg.svdvals(weight).max());
        Assert.Equal(largest, Value(sigma), 1e-8 * largest);
        Assert.Equal(1.0, Value(u.norm()), 1e-9);
        Assert.Equal(1.0, Value(v.norm()), 1e-9);
        AssertClose(sigma * u, weight.mv(v), 1e-7, "W v and sigma u");
    }

    [Property]
    public void Sigma_is_differentiable_in_the_weight_with_gradient_u_v_transposed(Spectrum spectrum)
    {
        using var scope = NewDisposeScope();
        var weight = WithSpectrum(spectrum, float64).requires_grad_();
        var start = nn.functional.normalize(Normal(spectrum.Seed + 2, float64, spectrum.Rows), dim: 0);

        var (sigma, u, v) = SpectralNorm.PowerIteration(weight, start, iterations: 3);
        sigma.backward();

        // u and v are constants of the estimate, so d(uᵀWv)/dW = u vᵀ exactly.
        AssertClose(u.outer(v), weight.grad!, 1e-12, "gradient of sigma");
        Assert.False(u.requires_grad || v.requires_grad);
    }

    [Property]
    public void Spectrally_normalized_linear_has_spectral_norm_one_after_50_training_passes(Spectrum spectrum)
    {
        using var scope = NewDisposeScope();
        using var layer = SpectralNorm.Linear(spectrum.Cols, spectrum.Rows);
        var weight = WithSpectrum(spectrum, float32);
        Overwrite(layer, weight, spectrum.Seed);
        var input = Normal(spectrum.Seed + 3, float32, 4, spectrum.Cols);

        layer.train();
        for (var pass = 0; pass < 50; pass++) layer.call(input);

        var effective = layer.EffectiveWeight();
        Assert.Equal(1.0, Value(linalg.svdvals(effective).max()), 1e-4);
        var exact = weight / linalg.svdvals(weight).max();
        AssertClose(nn.functional.linear(input, exact, layer.named_parameters().Single(p => p.name == "bias").parameter), layer.call(input), 1e-4, "output and linear(x, W / sigma_max(W), b)");
    }

    [Property]
    public void Spectrally_normalized_conv2d_has_spectral_norm_one_after_50_training_passes(ConvSpectrum conv)
    {
        using var scope = NewDisposeScope();
        using var layer = SpectralNorm.Conv2d(conv.InChannels, conv.OutChannels, conv.Kernel);
        var weight = WithSpectrum(conv.Spectrum, float32).reshape(conv.OutChannels, conv.InChannels, conv.Kernel, conv.Kernel);
        Overwrite(layer, weight, conv.Spectrum.Seed);
        var input = Normal(conv.Spectrum.Seed + 3, float32, 2, conv.InChannels, conv.Kernel + 2, conv.Kernel + 2);

        layer.train();
        for (var pass = 0; pass < 50; pass++) layer.call(input);

        var matrix = layer.EffectiveWeight().reshape(conv.OutChannels, -1);
        Assert.Equal(1.0, Value(linalg.svdvals(matrix).max()), 1e-4);
    }

    [Property]
    public void Spectrally_normalized_transposed_conv_normalizes_per_output_channel(ConvSpectrum conv)
    {
        using var scope = NewDisposeScope();
        using var layer = SpectralNorm.ConvTranspose2d(conv.InChannels, conv.OutChannels, conv.Kernel);
        // A transposed convolution's weight is (in, out, k, k): output channels are dim 1.
        var weight = WithSpectrum(conv.Spectrum, float32)
            .reshape(conv.OutChannels, conv.InChannels, conv.Kernel, conv.Kernel).transpose(0, 1).contiguous();
        Overwrite(layer, weight, conv.Spectrum.Seed);
        var input = Normal(conv.Spectrum.Seed + 3, float32, 2, conv.InChannels, 3, 3);

        layer.train();
        for (var pass = 0; pass < 50; pass++) layer.call(input);

        var matrix = layer.EffectiveWeight().transpose(0, 1).reshape(conv.OutChannels, -1);
        Assert.Equal(1.0, Value(linalg.svdvals(matrix).max()), 1e-4);
        using var plain = nn.ConvTranspose2d(conv.InChannels, conv.OutChannels, conv.Kernel);
        Assert.Equal(plain.call(input).shape, layer.call(input).shape);
    }

    [Property]
    public void U_is_persistent_state_that_advances_in_training_mode_only(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        using var layer = SpectralNorm.Linear(shape.In, shape.Out);
        Overwrite(layer, Normal(shape.Seed, float32, shape.Out, shape.In), shape.Seed);
        var input = Normal(shape.Seed + 3, float32, shape.Batch, shape.In);
        var state = layer.state_dict();
        Assert.Equal(["bias", "u", "weight_orig"], state.Keys.Order());

        layer.train();
        var before = layer.U.clone();
        layer.call(input);
        // With one output unit u is ±1 and has nowhere to go.
        if (shape.Out > 1) Assert.True(MaxAbsDifference(before, state["u"]) > 1e-6, "u did not move in training mode");
        Assert.Equal(1.0, Value(layer.U.norm()), 1e-5);

        layer.eval();
        var trained = layer.U.clone();
        layer.call(input);
        AssertEqualExactly(trained, state["u"], "u in eval mode");

        using var restored = SpectralNorm.Linear(shape.In, shape.Out);
        restored.load_state_dict(state);
        AssertEqualExactly(layer.U, restored.U, "u after load_state_dict");
    }

    [Fact]
    public void The_buffer_is_in_a_containing_networks_state_dict_and_gradient_reaches_weight_orig()
    {
        using var scope = NewDisposeScope();
        using var network = nn.Sequential(SpectralNorm.Linear(3, 4), nn.LeakyReLU(0.2), SpectralNorm.Conv2d(4, 2, 1));
        Assert.Contains("0.u", network.state_dict().Keys);
        Assert.Contains("2.u", network.state_dict().Keys);
        Assert.Contains("0.weight_orig", network.named_parameters().Select(p => p.name));

        using var layer = SpectralNorm.Linear(3, 4);
        layer.call(ones(2, 3)).sum().backward();
        Assert.True(layer.Weight.grad is { } grad && grad.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void A_layer_built_inside_a_dispose_scope_outlives_it()
    {
        SpectrallyNormalized layer;
        using (NewDisposeScope()) layer = SpectralNorm.Linear(3, 2);
        using (layer)
        using (NewDisposeScope())
            Assert.Equal([5L, 2L], layer.call(ones(5, 3)).shape);
    }

    [Fact]
    public void Moving_to_another_dtype_moves_weight_orig_and_u_with_the_module()
    {
        using var scope = NewDisposeScope();
        using var layer = SpectralNorm.Conv2d(2, 3, 3, padding: 1);

        layer.to(float64);

        Assert.Equal(float64, layer.Weight.dtype);
        Assert.Equal(float64, layer.U.dtype);
        Assert.Same(layer.U, layer.state_dict()["u"]);
        layer.train();
        Assert.Equal([1L, 3L, 4L, 4L], layer.call(ones(1, 2, 4, 4, float64)).shape);
    }

    /// <summary>Sets the layer's weight and restarts u from a random vector, so the test does not lean on the constructor's warm-up.</summary>
    static void Overwrite(SpectrallyNormalized layer, Tensor weight, int seed)
    {
        using var _ = no_grad();
        layer.Weight.copy_(weight);
        layer.U.copy_(nn.functional.normalize(Normal(seed + 4, float32, layer.U.shape), dim: 0));
    }
}
