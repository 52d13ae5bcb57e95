using Functional.Training;
using TorchSharp.Modules;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

/// <summary>The guard on its own: the gradient norm it reads, and what it does with a good and a bad update.</summary>
public sealed class DivergenceGuardTests
{
    /// <summary>A 3 → 2 linear layer with gradients from a seeded batch.</summary>
    static (Linear Layer, Parameter[] Parameters, Tensor Loss) Layer(int seed)
    {
        var layer = nn.Linear(3, 2);
        using (no_grad())
        {
            layer.weight!.copy_(Normal(seed, ScalarType.Float32, 2, 3));
            layer.bias!.copy_(Normal(seed + 1, ScalarType.Float32, 2));
        }
        var loss = layer.call(Normal(seed + 2, ScalarType.Float32, 5, 3)).square().mean();
        loss.backward();
        return (layer, layer.parameters().ToArray(), loss);
    }

    static float[][] Gradients(Parameter[] parameters) =>
        parameters.Select(p => p.grad!.data<float>().ToArray()).ToArray();

    [Fact]
    public void The_gradient_norm_is_the_L2_norm_of_all_gradients_together_and_leaves_them_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var (_, parameters, _) = Layer(3);
        var before = Gradients(parameters);
        var expected = Math.Sqrt(before.SelectMany(g => g).Sum(v => (double)v * v));

        var norm = DivergenceGuard.GradientNorm(parameters);

        Assert.Equal(expected, norm, expected * 1e-5);
        var after = Gradients(parameters);
        for (var i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i]);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void One_non_finite_gradient_element_makes_the_norm_non_finite(float bad)
    {
        using var scope = NewDisposeScope();
        var (_, parameters, _) = Layer(4);
        using (no_grad()) parameters[1].grad![1] = bad;

        Assert.False(double.IsFinite(DivergenceGuard.GradientNorm(parameters)));
    }

    [Fact]
    public void Parameters_without_gradients_count_as_zero()
    {
        using var scope = NewDisposeScope();
        var layer = nn.Linear(3, 2);
        Assert.Equal(0, DivergenceGuard.GradientNorm(layer.parameters().ToArray()));
        Assert.Equal(0, DivergenceGuard.GradientNorm([]));
    }

    [Fact]
    public void A_bad_update_is_refused_counted_and_its_gradients_zeroed_and_a_good_one_ends_only_its_own_networks_run()
    {
        using var scope = NewDisposeScope();
        var guard = new DivergenceGuard(enabled: true);
        var (_, parameters, loss) = Layer(5);
        using var optimizer = optim.SGD(parameters, 0.1);

        Assert.True(guard.AllowsDiscriminatorUpdate(0, loss, parameters, optimizer));
        Assert.Equal(default, guard.Counts);
        Assert.Equal(loss.item<float>(), guard.LastFiniteDiscriminatorLoss);

        using var nan = tensor(float.NaN);
        Assert.False(guard.AllowsDiscriminatorUpdate(7, nan, parameters, optimizer));
        Assert.All(Gradients(parameters).SelectMany(g => g), v => Assert.Equal(0f, v));
        Assert.Equal(new SkipCounts(1, 0, 1, 0), guard.Counts);
        Assert.Equal(new SkippedUpdate(GuardedNetwork.Discriminator, 8, double.NaN, 0), guard.LastSkip!.Value with { GradientNorm = 0 });

        // A finite loss over non-finite gradients is refused as well.
        using (no_grad()) parameters[0].grad![0, 0] = float.PositiveInfinity;
        Assert.False(guard.AllowsGeneratorUpdate(8, loss, parameters, optimizer));
        Assert.Equal(new SkipCounts(1, 1, 1, 1), guard.Counts);
        Assert.Equal(GuardedNetwork.Generator, guard.LastSkip!.Value.Network);
        Assert.True(double.IsFinite(guard.LastSkip!.Value.Loss));

        Assert.True(guard.AllowsGeneratorUpdate(9, loss, parameters, optimizer));
        Assert.Equal(new SkipCounts(1, 1, 1, 0), guard.Counts);
        Assert.Equal(1, guard.Counts.Consecutive);
        Assert.Equal(GuardedNetwork.Discriminator, guard.Counts.Worst);
        Assert.Equal(2, guard.Counts.Total);

        guard.EndRuns();
        Assert.Equal(new SkipCounts(1, 1, 0, 0), guard.Counts);
    }

    [Fact]
    public void A_disabled_guard_lets_everything_through_and_counts_nothing()
    {
        using var scope = NewDisposeScope();
        var guard = new DivergenceGuard(enabled: false);
        var (_, parameters, _) = Layer(6);
        using (no_grad()) parameters[0].grad![0, 0] = float.NaN;
        using var optimizer = optim.SGD(parameters, 0.1);
        using var nan = tensor(float.NaN);

        Assert.True(guard.AllowsDiscriminatorUpdate(0, nan, parameters, optimizer));
        Assert.True(guard.AllowsGeneratorUpdate(0, nan, parameters, optimizer));
        Assert.Equal(default, guard.Counts);
        Assert.Null(guard.LastSkip);
        Assert.True(float.IsNaN(parameters[0].grad![0, 0].item<float>()));
    }

    [Fact]
    public void A_policy_names_its_bad_field()
    {
        Assert.Null(DivergencePolicy.Default.Problem());
        Assert.Contains("MaxConsecutiveSkips", new DivergencePolicy(MaxConsecutiveSkips: 0).Problem());
        Assert.Contains("LearningRateFactor", new DivergencePolicy(LearningRateFactor: 0).Problem());
        Assert.Contains("LearningRateFactor", new DivergencePolicy(LearningRateFactor: 1.5).Problem());
        Assert.Contains("LearningRateFactor", new DivergencePolicy(LearningRateFactor: double.NaN).Problem());
        Assert.Contains("MaxRollbacks", new DivergencePolicy(MaxRollbacks: 0).Problem());
        Assert.Contains("Action", new DivergencePolicy(Action: (DivergenceAction)7).Problem());
    }
}
