using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Tests.Support;
using Functional.Tricks;
using TorchSharp;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Tricks;

[Properties(MaxTest = 30, Arbitrary = [typeof(Cases)])]
public sealed class ParameterAveragingProperties
{
    [Property]
    public void Decay_zero_copies_the_live_weights(WeightHistory history)
    {
        using var scope = NewDisposeScope();
        var (average, live) = (Weights(history.Steps[0]), Weights(history.Steps[^1]));

        var blended = ParameterAveraging.Blend(average, live, 0.0);

        Assert.Same(average, blended);
        AssertEqualExactly(live, average, "average after decay 0");
    }

    [Property]
    public void Decay_one_leaves_the_average_unchanged(WeightHistory history)
    {
        using var scope = NewDisposeScope();
        var (average, live) = (Weights(history.Steps[0]), Weights(history.Steps[^1]));
        var before = average.clone();

        ParameterAveraging.Blend(average, live, 1.0);

        AssertEqualExactly(before, average, "average after decay 1");
    }

    [Property]
    public void A_constant_stays_constant(WeightHistory history)
    {
        using var scope = NewDisposeScope();
        var constant = Weights(history.Steps[0]);
        var average = constant.clone();

        foreach (var decay in history.Decays) ParameterAveraging.Blend(average, constant, decay);

        AssertEqualExactly(constant, average, "average of a constant");
    }

    [Property]
    public void Blend_is_decay_times_average_plus_one_minus_decay_times_live(WeightHistory history)
    {
        using var scope = NewDisposeScope();
        var (average, live, decay) = (Weights(history.Steps[0]), Weights(history.Steps[^1]), history.Decays[0]);
        var expected = average * decay + live * (1 - decay);

        AssertClose(expected, ParameterAveraging.Blend(average, live, decay), 1e-12 * 200, "blend");
    }

    [Property]
    public void The_average_stays_inside_the_convex_hull_of_the_weights_it_saw(WeightHistory history)
    {
        using var scope = NewDisposeScope();
        var average = Weights(history.Steps[0]);

        foreach (var (step, decay) in history.Steps.Zip(history.Decays))
            ParameterAveraging.Blend(average, Weights(step), decay);

        var seen = stack(history.Steps.Select(Weights), 0);
        var slack = 1e-12 * 100;
        Assert.True((average >= seen.amin(0) - slack).all().item<bool>() && (average <= seen.amax(0) + slack).all().item<bool>(),
            $"average {average.str()} left the box [{seen.amin(0).str()}, {seen.amax(0).str()}]");
    }

    [Property]
    public void Uniform_decay_gives_the_arithmetic_mean_of_the_weights_from_start(WeightHistory history, byte startSeed)
    {
        using var scope = NewDisposeScope();
        var start = startSeed % history.Steps.Length;
        var average = zeros(history.Steps[0].Length, float64);

        for (var step = 0; step < history.Steps.Length; step++)
            ParameterAveraging.Blend(average, Weights(history.Steps[step]), ParameterAveraging.UniformDecay(step, start));

        var mean = Enumerable.Range(0, history.Steps[0].Length)
            .Select(i => history.Steps.Skip(start).Average(weights => weights[i])).ToArray();
        AssertClose(Weights(mean), average, 1e-10, $"running mean from step {start}");
    }

    [Property]
    public void Update_blends_every_parameter_and_copies_every_buffer_exactly(int seed, byte decaySeed)
    {
        using var scope = NewDisposeScope();
        var decay = decaySeed / 255.0;
        using var live = Network();
        using var average = Network();
        live.train();
        for (var batch = 0; batch < 3; batch++) live.call(Normal(seed + batch, float32, 8, 3) * 2 + 1);
        var before = average.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        ParameterAveraging.Update(average, live, decay);

        var liveBuffers = live.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        Assert.Equal(["1.num_batches_tracked", "1.running_mean", "1.running_var"], liveBuffers.Keys.Order());
        foreach (var (name, buffer) in average.named_buffers())
            AssertEqualExactly(liveBuffers[name], buffer, name);
        var liveParameters = live.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in average.named_parameters())
        {
            AssertClose(before[name] * decay + liveParameters[name] * (1 - decay), parameter, 1e-6, name);
            Assert.True(parameter.requires_grad, $"{name} lost requires_grad");
        }
    }

    [Fact]
    public void Update_refuses_networks_of_different_architecture()
    {
        using var average = nn.Sequential(nn.Linear(3, 4));
        using var live = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 1));
        using var other = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 1));

        Assert.Throws<ArgumentException>(() => ParameterAveraging.Update(other, average, 0.9));
        Assert.Throws<ArgumentException>(() => ParameterAveraging.Update(average, live, 0.9));
        ParameterAveraging.Update(other, live, 0.9);
    }

    [Property]
    public void Ema_decay_ramps_up_to_the_decay_and_stays_there(NonNegativeInt step, byte rampUpSeed, byte decaySeed)
    {
        var (decay, rampUp) = (decaySeed / 255.0, (long)rampUpSeed);
        var value = ParameterAveraging.EmaDecay(step.Get, decay, rampUp);

        Assert.InRange(value, 0.0, decay);
        if (step.Get >= rampUp) Assert.Equal(decay, value);
        else Assert.Equal(Math.Min(decay, (1.0 + step.Get) / (10.0 + step.Get)), value);
        Assert.True(ParameterAveraging.EmaDecay(step.Get + 1, decay, rampUp) >= value, "the ramp must not go down");
        Assert.Equal(decay, ParameterAveraging.EmaDecay(step.Get, decay));
    }

    public sealed record StyleGanSchedule(long ImagesSeen, long BatchSize, double HalfLife, double RampUp);

    public static class Schedules
    {
        public static Arbitrary<StyleGanSchedule> StyleGanSchedules() =>
            (from batch in Gen.Choose(1, 256)
             from imagesSeen in Gen.Choose(batch, 10_000_000)
             from halfLife in Gen.Choose(1, 1_000_000)
             from rampUp in Gen.OneOf(Gen.Constant(0.0), Gen.Choose(1, 100).Select(i => i / 100.0))
             select new StyleGanSchedule(imagesSeen, batch, halfLife, rampUp)).ToArbitrary();
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Schedules)])]
    public void StyleGan2_decay_is_between_zero_and_one_and_grows_with_the_half_life(StyleGanSchedule s, PositiveInt extra)
    {
        var decay = ParameterAveraging.StyleGan2Decay(s.ImagesSeen, s.BatchSize, s.HalfLife, s.RampUp);
        var longer = ParameterAveraging.StyleGan2Decay(s.ImagesSeen, s.BatchSize, s.HalfLife + extra.Get, s.RampUp);

        Assert.InRange(decay, double.Epsilon, Math.BitDecrement(1.0));
        // With the ramp-up on, a longer half-life may be cut to the same rampUp · imagesSeen.
        if (s.RampUp > 0) Assert.True(longer >= decay, $"{longer} < {decay}");
        else Assert.True(longer > decay, $"{longer} <= {decay}");
    }

    [Fact]
    public void StyleGan2_decay_matches_the_training_loop_formula()
    {
        // stylegan2-ada-pytorch: ema_nimg = min(ema_kimg * 1000, cur_nimg * ema_rampup); ema_beta = 0.5 ** (batch_size / ema_nimg)
        Assert.Equal(Math.Pow(0.5, 32 / 5_000.0), ParameterAveraging.StyleGan2Decay(100_000, 32, 10_000, 0.05), 15);
        Assert.Equal(Math.Pow(0.5, 32 / 10_000.0), ParameterAveraging.StyleGan2Decay(10_000_000, 32, 10_000, 0.05), 15);
        Assert.Equal(Math.Pow(0.5, 32 / 10_000.0), ParameterAveraging.StyleGan2Decay(0, 32, 10_000, rampUp: 0), 15);
        Assert.Equal(0.0, ParameterAveraging.StyleGan2Decay(0, 32));
    }

    [Fact]
    public void Uniform_decay_copies_until_start_then_averages()
    {
        Assert.Equal([0.0, 0.0, 0.0, 1 - 1 / 2.0, 1 - 1 / 3.0, 1 - 1 / 4.0], Enumerable.Range(0, 6).Select(step => ParameterAveraging.UniformDecay(step, start: 2)));
    }

    static Tensor Weights(double[] values) => tensor(values, float64);

    static nn.Module<Tensor, Tensor> Network() =>
        nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), Functional.Networks.Blocks.LeakyRelu(), nn.Linear(4, 2));
}
