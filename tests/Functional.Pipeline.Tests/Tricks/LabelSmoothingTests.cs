using FsCheck.Xunit;
using Functional.Tricks;
using static TorchSharp.torch;
using Xunit;

namespace Functional.Tests.Tricks;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class LabelSmoothingTests
{
    [Property]
    public bool Smoothed_targets_stay_in_zero_one(HardTargets targets, SmoothingAmount amount)
    {
        using var scope = NewDisposeScope();
        var t = targets.ToTensor();
        return new[] { LabelSmoothing.OneSided(t, amount.Value), LabelSmoothing.TwoSided(t, amount.Value) }
            .All(smoothed => smoothed.min().item<float>() >= 0 && smoothed.max().item<float>() <= 1);
    }

    [Property]
    public bool Smoothing_by_zero_is_the_identity(HardTargets targets)
    {
        using var scope = NewDisposeScope();
        var t = targets.ToTensor();
        return LabelSmoothing.OneSided(t, 0).HasSameValuesAs(t) && LabelSmoothing.TwoSided(t, 0).HasSameValuesAs(t);
    }

    [Property]
    public bool One_sided_lowers_real_targets_and_leaves_fakes_at_zero(SmoothingAmount amount)
    {
        using var scope = NewDisposeScope();
        var smoothed = LabelSmoothing.OneSided(tensor(new[] { 1f, 0f }), amount.Value);
        return Approximately.Equal(smoothed[0].item<float>(), 1 - amount.Value) && smoothed[1].item<float>() == 0;
    }

    [Property]
    public bool Two_sided_moves_both_labels_towards_one_half(SmoothingAmount amount)
    {
        using var scope = NewDisposeScope();
        var smoothed = LabelSmoothing.TwoSided(tensor(new[] { 1f, 0f }), amount.Value);
        return Approximately.Equal(smoothed[0].item<float>(), 1 - amount.Value)
            && Approximately.Equal(smoothed[1].item<float>(), amount.Value);
    }

    [Property]
    public bool Two_sided_commutes_with_swapping_the_labels(HardTargets targets, SmoothingAmount amount)
    {
        using var scope = NewDisposeScope();
        var t = targets.ToTensor();
        return LabelSmoothing.TwoSided(1 - t, amount.Value).allclose(1 - LabelSmoothing.TwoSided(t, amount.Value), rtol: 0, atol: 1e-6);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(0.51)]
    [InlineData(double.NaN)]
    public void Amounts_outside_zero_to_one_half_are_refused(double amount)
    {
        using var scope = NewDisposeScope();
        foreach (var smooth in new Func<Tensor, double, Tensor>[] { LabelSmoothing.OneSided, LabelSmoothing.TwoSided })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => smooth(ones(3), amount));
            Assert.Equal("amount", error.ParamName);
            Assert.Equal(amount, error.ActualValue);
        }
    }
}
