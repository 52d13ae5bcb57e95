using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Tricks;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Tricks;

/// <summary>One ADA adjustment's inputs: p, r_t, the target, the images seen and ADA's speed.</summary>
public sealed record AdjustmentCase(double Probability, double Signal, double Target, long Images, long ImagesPerUnit);

public static class AdjustmentCases
{
    static Gen<double> Unit(int steps = 1000) => Gen.Choose(0, steps).Select(i => (double)i / steps);

    public static Arbitrary<AdjustmentCase> Cases() =>
        Arb.From(
            from p in Gen.Frequency((1, Gen.Elements(0.0, 1.0)), (4, Unit()))
            from signal in Gen.Frequency((1, Gen.Elements(-1.0, 1.0, 0.6)), (4, Unit().Select(u => 2 * u - 1)))
            from target in Gen.Choose(1, 999).Select(i => i / 1000.0)
            from images in Gen.Choose(1, 100_000).Select(i => (long)i)
            from speed in Gen.Choose(1, 1_000_000).Select(i => (long)i)
            select new AdjustmentCase(p, signal, target, images, speed));
}

[Properties(Arbitrary = [typeof(AdjustmentCases)], MaxTest = 500)]
public sealed class AdaptiveAugmentationProperties
{
    static double Adjusted(AdjustmentCase c) => AdaptiveAugmentation.Adjust(c.Probability, c.Signal, c.Target, c.Images, c.ImagesPerUnit);

    [Property]
    public bool The_probability_stays_in_zero_to_one(AdjustmentCase c) => Adjusted(c) is >= 0 and <= 1;

    [Property]
    public bool It_moves_toward_more_augmentation_when_d_overfits_and_less_when_not(AdjustmentCase c)
    {
        var next = Adjusted(c);
        return c.Signal > c.Target ? next >= c.Probability && (next > c.Probability || c.Probability == 1)
            : c.Signal < c.Target ? next <= c.Probability && (next < c.Probability || c.Probability == 0)
            : next == c.Probability;
    }

    [Property]
    public bool Each_step_is_the_images_seen_over_the_speed_unless_clamped(AdjustmentCase c)
    {
        var step = Math.Abs(Adjusted(c) - c.Probability);
        // At the target r_t gives no direction and p stays (the generator draws that case too).
        var full = c.Signal == c.Target ? 0 : (double)c.Images / c.ImagesPerUnit;
        return Math.Abs(step - full) < 1e-12 || Adjusted(c) is 0 or 1;
    }

    [Fact]
    public void Observed_signs_move_p_every_interval_by_the_images_seen()
    {
        using var scope = NewDisposeScope();
        using var ada = new AdaptiveAugmentation(probability: 0, target: 0.6, interval: 4, imagesPerUnit: 1_000, CPU);
        var confident = ones(8, 1);          // D calls every real image real: r_t = 1, above the target
        for (var step = 1; step <= 3; step++)
        {
            ada.Observe(confident);
            ada.AfterStep(step);
            Assert.Equal(0, ada.Probability);
        }
        ada.Observe(confident);
        ada.AfterStep(4);
        Assert.Equal(32.0 / 1_000, ada.Probability, 12);
        Assert.Equal(1.0, ada.Signal);

        var unsure = tensor(new float[] { 1, -1, -1, 1, -1, -1, 1, -1 }).view(8, 1);   // r_t = −0.25: below
        for (var step = 5; step <= 8; step++)
        {
            ada.Observe(unsure);
            ada.AfterStep(step);
        }
        Assert.Equal(0, ada.Probability, 12);
        Assert.Equal(-0.25, ada.Signal);
    }

    [Fact]
    public void A_fixed_probability_never_moves_and_bad_settings_are_refused()
    {
        using var scope = NewDisposeScope();
        using var fixedP = AdaptiveAugmentation.Fixed(0.3, CPU);
        for (var step = 1; step <= 8; step++)
        {
            fixedP.Observe(ones(4, 1));
            fixedP.AfterStep(step);
        }
        Assert.Equal(0.3, fixedP.Probability);
        Assert.Null(fixedP.Signal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveAugmentation(0, 1.2, 4, 1000, CPU));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveAugmentation(-0.1, 0.6, 4, 1000, CPU));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveAugmentation(0, 0.6, 0, 1000, CPU));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdaptiveAugmentation.Fixed(2, CPU));
    }

    [Fact]
    public void Its_state_restores_mid_interval()
    {
        using var scope = NewDisposeScope();
        using var straight = new AdaptiveAugmentation(0.5, 0.6, 4, 100, CPU);
        using var restored = new AdaptiveAugmentation(0.5, 0.6, 4, 100, CPU);
        var logits = tensor(new float[] { 1, 1, -1, 1 }).view(4, 1);
        for (var step = 1; step <= 6; step++)
        {
            straight.Observe(logits * (step % 3 == 0 ? -1 : 1));
            straight.AfterStep(step);
            if (step == 6) restored.Restore(straight.State);
        }
        for (var step = 7; step <= 8; step++)
        foreach (var ada in new[] { straight, restored })
        {
            ada.Observe(logits);
            ada.AfterStep(step);
        }
        Assert.Equal(straight.State, restored.State);
        Assert.NotEqual(0.5, straight.Probability);
    }
}
