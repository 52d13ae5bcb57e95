using FsCheck.Xunit;
using Functional.Tricks;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Functional.Tests.Tricks;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class LabelNoiseTests
{
    [Property]
    public bool Flipping_with_probability_zero_is_the_identity(HardTargets targets, SmoothingAmount soften)
    {
        using var scope = NewDisposeScope();
        var t = LabelSmoothing.TwoSided(targets.ToTensor(), soften.Value);
        return LabelNoise.Flip(t, 0).HasSameValuesAs(t);
    }

    [Property]
    public bool Flipping_with_probability_one_is_the_complement(HardTargets targets, SmoothingAmount soften)
    {
        using var scope = NewDisposeScope();
        var t = LabelSmoothing.TwoSided(targets.ToTensor(), soften.Value);
        return LabelNoise.Flip(t, 1).HasSameValuesAs(1 - t);
    }

    [Property(MaxTest = 20)]
    public bool The_flipped_fraction_is_near_the_probability(Probability p, int seed)
    {
        using var scope = NewDisposeScope();
        const int count = 100_000;
        var t = ones(count);
        var flipped = LabelNoise.Flip(t, p.Value, new torch.Generator((ulong)seed, CPU));
        var fraction = (flipped == 0).sum().item<long>() / (double)count;
        // Five binomial standard deviations: a correct flip fails about once in two million runs.
        return Math.Abs(fraction - p.Value) <= 5 * Math.Sqrt(p.Value * (1 - p.Value) / count);
    }

    [Property]
    public bool Flipped_hard_targets_stay_hard(HardTargets targets, Probability p)
    {
        using var scope = NewDisposeScope();
        var flipped = LabelNoise.Flip(targets.ToTensor(), p.Value);
        return ((flipped == 0) | (flipped == 1)).all().item<bool>();
    }

    [Property]
    public bool The_same_seed_flips_the_same_labels(HardTargets targets, int seed)
    {
        using var scope = NewDisposeScope();
        var t = targets.ToTensor();
        return LabelNoise.Flip(t, 0.5, new torch.Generator((ulong)seed, CPU))
            .HasSameValuesAs(LabelNoise.Flip(t, 0.5, new torch.Generator((ulong)seed, CPU)));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Probabilities_outside_zero_to_one_are_refused(double probability)
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LabelNoise.Flip(ones(3), probability));
        Assert.Equal("probability", error.ParamName);
        Assert.Equal(probability, error.ActualValue);
    }
}
