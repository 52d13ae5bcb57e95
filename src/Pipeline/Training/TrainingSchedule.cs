using System.Diagnostics.Contracts;

namespace Functional.Training;

/// <summary>
/// When the generator trains, counted in discriminator steps: none during a warm-up of
/// <see cref="WarmupSteps"/> discriminator-only steps, then one generator step after every
/// <see cref="DiscriminatorStepsPerGeneratorStep"/> discriminator steps.
/// </summary>
public readonly record struct TrainingSchedule(int DiscriminatorStepsPerGeneratorStep = 1, long WarmupSteps = 0)
{
    public static TrainingSchedule Alternating { get; } = new(1, 0);

    /// <summary>Alternating; without it <c>new TrainingSchedule()</c> would skip the defaults above and be all zeros.</summary>
    public TrainingSchedule() : this(1, 0) { }

    /// <summary>Whether a generator step follows the discriminator step that brought the count to <paramref name="discriminatorStepsDone"/>.</summary>
    [Pure]
    public bool IsGeneratorStep(long discriminatorStepsDone) =>
        discriminatorStepsDone > WarmupSteps
        && (discriminatorStepsDone - WarmupSteps) % DiscriminatorStepsPerGeneratorStep == 0;

    /// <summary>Generator steps taken once <paramref name="discriminatorStepsDone"/> discriminator steps are done.</summary>
    [Pure]
    public long GeneratorStepsAfter(long discriminatorStepsDone) =>
        discriminatorStepsDone <= WarmupSteps ? 0 : (discriminatorStepsDone - WarmupSteps) / DiscriminatorStepsPerGeneratorStep;

    /// <summary>Validates the schedule; a message names the bad field.</summary>
    [Pure]
    public string? Problem() =>
        DiscriminatorStepsPerGeneratorStep < 1 ? $"DiscriminatorStepsPerGeneratorStep must be at least 1 (got {DiscriminatorStepsPerGeneratorStep})"
        : WarmupSteps < 0 ? $"WarmupSteps must be at least 0 (got {WarmupSteps})"
        : null;
}
