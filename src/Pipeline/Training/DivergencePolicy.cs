using System.Diagnostics.Contracts;
using System.Globalization;

namespace Functional.Training;

/// <summary>What the trainer does once one network's updates have been skipped too many times in a row.</summary>
public enum DivergenceAction
{
    /// <summary>Stop, with a report of what was skipped.</summary>
    Stop,

    /// <summary>Restore the last good checkpoint through the caller's callback, lower the learning rates, go on.</summary>
    Rollback,
}

/// <summary>
/// The trainer's answer to a run that keeps producing non-finite losses or gradients: after
/// <see cref="MaxConsecutiveSkips"/> skipped updates of one network in a row, stop, or roll back
/// to the last good checkpoint with every learning rate multiplied by
/// <see cref="LearningRateFactor"/>, at most <see cref="MaxRollbacks"/> times, then stop.
/// </summary>
public sealed record DivergencePolicy(
    int MaxConsecutiveSkips = DivergencePolicy.DefaultMaxConsecutiveSkips,
    DivergenceAction Action = DivergenceAction.Stop,
    double LearningRateFactor = DivergencePolicy.DefaultLearningRateFactor,
    int MaxRollbacks = DivergencePolicy.DefaultMaxRollbacks)
{
    public const int DefaultMaxConsecutiveSkips = 20;
    public const double DefaultLearningRateFactor = 0.5;
    public const int DefaultMaxRollbacks = 3;

    public static DivergencePolicy Default { get; } = new();

    /// <summary>Validates the policy; a message names the bad field.</summary>
    [Pure]
    public string? Problem() =>
        MaxConsecutiveSkips < 1 ? $"MaxConsecutiveSkips must be at least 1 (got {MaxConsecutiveSkips})"
        : !Enum.IsDefined(Action) ? $"Action must be Stop or Rollback (got {(int)Action})"
        : !(LearningRateFactor > 0 && LearningRateFactor <= 1) ? $"LearningRateFactor must be in (0, 1] (got {LearningRateFactor.ToString(CultureInfo.InvariantCulture)})"
        : MaxRollbacks < 1 ? $"MaxRollbacks must be at least 1 (got {MaxRollbacks})"
        : null;
}

/// <summary>
/// Why a run stopped for divergence: which network's updates were skipped, how many in a row, how
/// many during the training call (those undone by rollbacks included), the last skipped update,
/// the last finite losses, and what rolling back did.
/// </summary>
public sealed record DivergenceReport(
    GuardedNetwork Network,
    long Step,
    int ConsecutiveSkips,
    long SkippedSteps,
    SkippedUpdate? LastSkip,
    double LastFiniteDiscriminatorLoss,
    double LastFiniteGeneratorLoss,
    DivergencePolicy Policy,
    int Rollbacks,
    double LearningRateScale,
    string? RollbackError = null)
{
    /// <summary>One line that says what happened and what was tried.</summary>
    public string Message
    {
        get
        {
            var network = Network == GuardedNetwork.Discriminator ? "discriminator" : "generator";
            var last = LastSkip is { } skip ? $" (the last: loss {Number(skip.Loss)}, gradient norm {Number(skip.GradientNorm)})" : "";
            var outcome = RollbackError is { } error ? $"rolling back failed: {error.TrimEnd('.')}"
                : Policy.Action == DivergenceAction.Stop ? "the policy is to stop"
                : $"{Rollbacks} rollback{(Rollbacks == 1 ? "" : "s")} to the last good checkpoint did not help (learning rates ×{Number(LearningRateScale)})";
            return $"training diverged at step {Step}: the last {ConsecutiveSkips} {network} updates in a row had a non-finite loss or gradient{last} "
                 + $"and were skipped ({SkippedSteps} skipped in all); last finite losses D {Number(LastFiniteDiscriminatorLoss)}, G {Number(LastFiniteGeneratorLoss)}; {outcome}.";
        }
    }

    internal static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "+inf" : "-inf") : value.ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>What the trainer says as it happens: a run of skips began or ended, a rollback, a stop.</summary>
public enum DivergenceNoticeKind { SkipsBegan, SkipsEnded, RolledBack, Stopped }

public sealed record DivergenceNotice(DivergenceNoticeKind Kind, long Step, string Message);
