using FsCheck;
using FsCheck.Xunit;
using Functional.Training;
using Xunit;

namespace Functional.Tests.Training;

[Properties(MaxTest = 200)]
public sealed class TrainingScheduleProperties
{
    /// <summary>The discriminator step counts (1-based) after which the schedule runs a generator step.</summary>
    static long[] GeneratorStepsAt(TrainingSchedule schedule, long discriminatorSteps)
    {
        var at = new List<long>();
        for (long done = 1; done <= discriminatorSteps; done++)
            if (schedule.IsGeneratorStep(done)) at.Add(done);
        return [.. at];
    }

    static TrainingSchedule Schedule(PositiveInt perGenerator, NonNegativeInt warmup) =>
        new(perGenerator.Get % 20 + 1, warmup.Get % 300);

    [Property]
    public void The_generator_steps_taken_are_GeneratorStepsAfter(NonNegativeInt steps, PositiveInt perGenerator, NonNegativeInt warmup)
    {
        var schedule = Schedule(perGenerator, warmup);
        var n = steps.Get % 1000;

        var taken = GeneratorStepsAt(schedule, n).Length;

        Assert.Equal(Math.Max(0, (n - schedule.WarmupSteps) / schedule.DiscriminatorStepsPerGeneratorStep), taken);
        Assert.Equal(taken, schedule.GeneratorStepsAfter(n));
    }

    [Property]
    public void No_generator_step_during_the_warm_up(NonNegativeInt steps, PositiveInt perGenerator, NonNegativeInt warmup)
    {
        var schedule = Schedule(perGenerator, warmup);

        var at = GeneratorStepsAt(schedule, steps.Get % 1000);

        Assert.All(at, done => Assert.True(done > schedule.WarmupSteps, $"generator step after D step {done}, warm-up {schedule.WarmupSteps}"));
    }

    [Property]
    public void Generator_steps_come_every_n_discriminator_steps_from_the_end_of_the_warm_up(NonNegativeInt steps, PositiveInt perGenerator, NonNegativeInt warmup)
    {
        var schedule = Schedule(perGenerator, warmup);
        var n = schedule.DiscriminatorStepsPerGeneratorStep;

        var at = GeneratorStepsAt(schedule, steps.Get % 1000);

        if (at.Length > 0) Assert.Equal(schedule.WarmupSteps + n, at[0]);
        Assert.All(at.Zip(at.Skip(1)), pair => Assert.Equal(n, pair.Item2 - pair.Item1));
    }

    [Property]
    public void Problem_names_exactly_the_bad_field(int perGenerator, long warmup)
    {
        var problem = new TrainingSchedule(perGenerator, warmup).Problem();

        if (perGenerator < 1)
            Assert.Contains($"DiscriminatorStepsPerGeneratorStep must be at least 1 (got {perGenerator})", problem);
        else if (warmup < 0)
            Assert.Contains($"WarmupSteps must be at least 0 (got {warmup})", problem);
        else
            Assert.Null(problem);
    }

    [Fact]
    public void Alternating_trains_the_generator_after_every_discriminator_step()
    {
        Assert.Equal([1, 2, 3, 4, 5], GeneratorStepsAt(TrainingSchedule.Alternating, 5));
        Assert.Null(TrainingSchedule.Alternating.Problem());
        Assert.Equal(TrainingSchedule.Alternating, new TrainingSchedule());
    }

    [Fact]
    public void A_default_schedule_is_all_zeros_and_so_flagged()
    {
        // default(TrainingSchedule) skips the primary constructor's defaults: n = 0 would divide by zero.
        Assert.Equal(0, default(TrainingSchedule).DiscriminatorStepsPerGeneratorStep);
        Assert.NotNull(default(TrainingSchedule).Problem());
        Assert.Throws<ArgumentException>(() => SessionSupport.Validated(default));
    }
}
