using System.Diagnostics.Contracts;

namespace Functional.Tricks;

/// <summary>Factors for a [LearningRateSchedule]: what each step's learning rate is, as a fraction of the optimizer's initial one.</summary>
public static class LearningRateSchedules
{
    /// <summary>1 throughout: the optimizers' own rates.</summary>
    [Pure]
    public static double Constant(long step, long totalSteps) => 1.0;

    /// <summary>
    /// Holds the rate for <paramref name="holdFraction"/> of the run, then decays it linearly to 0 at
    /// the last step: a decay to zero takes the generator and discriminator to a point of the game
    /// instead of orbiting it at a fixed step size, which is what lets a continuous generator
    /// sharpen its modes late in training (common practice since BigGAN's and StyleGAN's schedules;
    /// Mescheder et al. 2018 discuss why constant steps orbit). 1 before the first step of a run of unknown length.
    /// </summary>
    [Pure]
    public static double LinearToZero(long step, long totalSteps, double holdFraction = 0.0)
    {
        if (totalSteps <= 0) return 1.0;
        var hold = Math.Clamp(holdFraction, 0, 1) * totalSteps;
        if (step <= hold) return 1.0;
        return Math.Clamp((totalSteps - step) / (totalSteps - hold), 0.0, 1.0);
    }
}
