using FsCheck;
using FsCheck.Xunit;
using Functional.Tricks;
using static TorchSharp.torch;
using Xunit;

namespace Functional.Tests.Tricks;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class LazyRegularizationTests
{
    [Property]
    public bool Over_many_steps_the_lazy_penalty_adds_up_to_interval_times_the_due_steps(PositiveInt interval, PositiveInt steps, Logits penalty)
    {
        using var scope = NewDisposeScope();
        var k = interval.Get % 16 + 1;
        var n = steps.Get % 100 + 1;
        var p = tensor(penalty.Values[0]);
        var total = Enumerable.Range(0, n).Sum(step => (double)LazyRegularization.Scaled(p, step, k).item<float>());
        var dueSteps = Enumerable.Range(0, n).Count(step => step % k == 0);
        return Approximately.Equal(total, penalty.Values[0] * dueSteps * k, 1e-5);
    }

    [Property]
    public bool Between_due_steps_the_penalty_contributes_nothing(PositiveInt interval, NonNegativeInt step)
    {
        using var scope = NewDisposeScope();
        var k = interval.Get % 16 + 1;
        var scaled = LazyRegularization.Scaled(tensor(3.5f), step.Get, k);
        return LazyRegularization.IsDue(step.Get, k) == (step.Get % k == 0)
            && scaled.dim() == 0
            && scaled.item<float>() == (step.Get % k == 0 ? 3.5f * k : 0f);
    }

    [Fact]
    public void Intervals_below_one_and_negative_steps_are_refused()
    {
        Assert.Equal("interval", Assert.Throws<ArgumentOutOfRangeException>(() => LazyRegularization.IsDue(4, 0)).ParamName);
        Assert.Equal("discriminatorStep", Assert.Throws<ArgumentOutOfRangeException>(() => LazyRegularization.IsDue(-4, 4)).ParamName);
    }
}
