using FsCheck;
using FsCheck.Xunit;
using Functional.Training;
using Functional.Tricks;
using static TorchSharp.torch;
using Xunit;

namespace Functional.Tests.Tricks;

[Properties(MaxTest = 200)]
public sealed class LearningRateScheduleProperties
{
    static double Hold(NonNegativeInt h) => h.Get % 101 / 100.0;

    [Property]
    public bool The_linear_decay_starts_at_one_and_ends_at_zero(PositiveInt total, NonNegativeInt hold)
    {
        var t = total.Get;
        return LearningRateSchedules.LinearToZero(0, t, Hold(hold)) == 1.0
            && LearningRateSchedules.LinearToZero(t, t, Hold(hold)) == (Hold(hold) >= 1 ? 1.0 : 0.0)
            && LearningRateSchedules.LinearToZero(t + 5, t, Math.Min(Hold(hold), 0.99)) == 0.0;
    }

    [Property]
    public bool The_linear_decay_never_rises_and_stays_in_the_unit_interval(PositiveInt total, NonNegativeInt a, NonNegativeInt b, NonNegativeInt hold)
    {
        var t = total.Get;
        var (early, late) = (Math.Min(a.Get, b.Get) % (t + 1), Math.Max(a.Get, b.Get) % (t + 1));
        if (early > late) (early, late) = (late, early);
        var (x, y) = (LearningRateSchedules.LinearToZero(early, t, Hold(hold)), LearningRateSchedules.LinearToZero(late, t, Hold(hold)));
        return x >= y && x is >= 0 and <= 1 && y is >= 0 and <= 1;
    }

    [Fact]
    public void Halfway_through_a_decay_from_the_start_the_rate_is_half()
    {
        Assert.Equal(0.5, LearningRateSchedules.LinearToZero(500, 1000), 12);
        Assert.Equal(1.0, LearningRateSchedules.LinearToZero(500, 1000, holdFraction: 0.5));
        Assert.Equal(0.5, LearningRateSchedules.LinearToZero(750, 1000, holdFraction: 0.5), 12);
        Assert.Equal(1.0, LearningRateSchedules.LinearToZero(10, 0));   // a run of unknown length keeps its rates
    }

    [Fact]
    public void Scaling_sets_every_group_to_its_initial_rate_times_the_factor()
    {
        using var scope = NewDisposeScope();
        using var net = nn.Linear(2, 2);
        using var optimizer = new Functional.Optimizers.FusedAdam(net.parameters(), lr: 0.01);
        var optimizers = new[] { new NamedOptimizer("g", optimizer) };
        SessionSupport.ScaleLearningRates(optimizers, 0.25);
        Assert.Equal(0.0025, optimizer.ParamGroups.Single().LearningRate, 12);
        SessionSupport.ScaleLearningRates(optimizers, 1);
        Assert.Equal(0.01, optimizer.ParamGroups.Single().LearningRate, 12);
        Assert.Throws<ArgumentException>(() => SessionSupport.ScaleLearningRates(optimizers, double.NaN));
    }
}
