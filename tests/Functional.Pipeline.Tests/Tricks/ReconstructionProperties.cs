using FsCheck;
using FsCheck.Xunit;
using Functional.Tests.Support;
using Functional.Tricks;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Tricks;

[Properties(MaxTest = 30, Arbitrary = [typeof(Cases)])]
public sealed class ReconstructionProperties
{
    [Property]
    public void L1_and_L2_are_zero_for_identical_inputs_and_symmetric(ConvShape shape)
    {
        using var scope = NewDisposeScope();
        var (x, y) = Pair(shape);

        Assert.Equal(0.0, Value(Reconstruction.L1(x, x)));
        Assert.Equal(0.0, Value(Reconstruction.L2(x, x)));
        Assert.Equal(Value(Reconstruction.L1(x, y)), Value(Reconstruction.L1(y, x)), 12);
        Assert.Equal(Value(Reconstruction.L2(x, y)), Value(Reconstruction.L2(y, x)), 12);
        Assert.Equal((x - y).abs().mean().item<double>(), Value(Reconstruction.L1(x, y)), 12);
        Assert.Equal((x - y).pow(2).mean().item<double>(), Value(Reconstruction.L2(x, y)), 12);
    }

    [Property]
    public void L1_scales_linearly_and_L2_quadratically(ConvShape shape, NormalFloat scaleSeed)
    {
        using var scope = NewDisposeScope();
        var (x, y) = Pair(shape);
        var scale = Math.Clamp(scaleSeed.Get, -100, 100);
        var (l1, l2) = (Value(Reconstruction.L1(x, y)), Value(Reconstruction.L2(x, y)));

        Assert.Equal(Math.Abs(scale) * l1, Value(Reconstruction.L1(x * scale, y * scale)), 1e-9 * (1 + Math.Abs(scale) * l1));
        Assert.Equal(scale * scale * l2, Value(Reconstruction.L2(x * scale, y * scale)), 1e-9 * (1 + scale * scale * l2));
    }

    [Property]
    public void The_perceptual_loss_is_zero_for_identical_features_and_linear_in_the_weights(ConvShape shape, NormalFloat[] weightSeeds, NormalFloat[] otherSeeds)
    {
        using var scope = NewDisposeScope();
        var layers = Math.Max(1, Math.Min(weightSeeds.Length, otherSeeds.Length));
        var weights = Enumerable.Range(0, layers).Select(i => i < weightSeeds.Length ? Math.Clamp(weightSeeds[i].Get, -10, 10) : 1.0).ToArray();
        var others = Enumerable.Range(0, layers).Select(i => i < otherSeeds.Length ? Math.Clamp(otherSeeds[i].Get, -10, 10) : 1.0).ToArray();
        var generated = Enumerable.Range(0, layers).Select(i => Normal(shape.Seed + i, float64, shape.Batch, i + 1, shape.Size, shape.Size)).ToArray();
        var target = Enumerable.Range(0, layers).Select(i => Normal(shape.Seed - i - 1, float64, shape.Batch, i + 1, shape.Size, shape.Size)).ToArray();
        double Loss(IReadOnlyList<double> w) => Value(Reconstruction.Perceptual(generated, target, w));

        Assert.Equal(0.0, Value(Reconstruction.Perceptual(generated, generated, weights)));
        var sum = weights.Zip(others, (a, b) => a + b).ToArray();
        Assert.Equal(Loss(weights) + Loss(others), Loss(sum), 1e-9 * (1 + Math.Abs(Loss(sum))));
        Assert.Equal(3 * Loss(weights), Loss(weights.Select(w => 3 * w).ToArray()), 1e-9 * (1 + Math.Abs(Loss(weights))));
        var single = Enumerable.Range(0, layers).Select(i => i == 0 ? 1.0 : 0.0).ToArray();
        Assert.Equal(Value(Reconstruction.L2(generated[0], target[0])), Loss(single), 12);
    }

    [Fact]
    public void The_perceptual_loss_wants_one_weight_per_layer()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => Reconstruction.Perceptual([ones(2)], [ones(2)], [1.0, 2.0]));
    }

    [Property]
    public void Feature_taps_are_the_outputs_of_the_network_prefixes(ConvShape shape, byte firstSeed, byte secondSeed)
    {
        using var scope = NewDisposeScope();
        using var network = FeatureTaps.Freeze(nn.Sequential(
            nn.Conv2d(shape.InChannels, 4, shape.Kernel), Functional.Networks.Blocks.LeakyRelu(), nn.Conv2d(4, 2, 1), nn.Flatten(), nn.Tanh()));
        var input = Normal(shape.Seed, float32, shape.Batch, shape.InChannels, shape.Size, shape.Size);
        int[] layers = [secondSeed % network.Count, firstSeed % network.Count];

        var taps = FeatureTaps.Collect(network, input, layers);

        Assert.Equal(2, taps.Count);
        for (var tap = 0; tap < layers.Length; tap++)
            AssertEqualExactly(network[..(layers[tap] + 1)].call(input), taps[tap], $"tap after layer {layers[tap]}");
    }

    [Fact]
    public void Freezing_stops_gradients_and_switches_to_eval_mode()
    {
        using var network = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4));
        network.train();

        var frozen = FeatureTaps.Freeze(network);

        Assert.Same(network, frozen);
        Assert.All(network.parameters(), parameter => Assert.False(parameter.requires_grad));
        Assert.All(network.modules().Append(network), module => Assert.False(module.training));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureTaps.Collect(network, ones(2, 3), [2]));
    }

    static (Tensor X, Tensor Y) Pair(ConvShape shape) =>
        (Normal(shape.Seed, float64, shape.Batch, shape.InChannels, shape.Size, shape.Size),
         Normal(shape.Seed + 1, float64, shape.Batch, shape.InChannels, shape.Size, shape.Size) * 2);
}
