using System.Diagnostics;
using System.Globalization;
using Functional.Data;
using Functional.Metrics;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>How long to train, how often to report, and what to do about divergence (null: <see cref="DivergencePolicy.Default"/>); <see cref="Evaluates"/> false skips every evaluation (the ranks of a data-parallel run other than rank 0).</summary>
public sealed record TrainingOptions(long Steps, int LogEvery = 100, int EvaluateEvery = 0, int EvaluationSamples = 2500, DivergencePolicy? Divergence = null,
    bool Evaluates = true);

/// <summary>A report at a logging interval: losses averaged over it, metrics where evaluated, updates skipped so far.</summary>
public readonly record struct TrainingProgress(long Step, long TotalSteps, LossReading Losses, MetricSet? Metrics, double StepsPerSecond, long SkippedSteps = 0,
    AugmentationReading? Augmentation = null);

/// <summary>The augmentation probability p at a logging step, and ADA's overfitting signal r_t at its last adjustment (null when p is fixed or not yet adjusted).</summary>
public readonly record struct AugmentationReading(double Probability, double? Signal);

/// <summary>
/// How a call to <see cref="Trainer.Train"/> ended. <see cref="SkippedSteps"/> counts the updates the
/// guard skipped during the call, those undone by a rollback included; <see cref="Divergence"/> is set
/// when the run stopped for divergence.
/// </summary>
public sealed record TrainingReport(long StepsDone, TimeSpan Elapsed, bool Cancelled, IReadOnlyList<TrainingProgress> Log,
    long SkippedSteps = 0, int Rollbacks = 0, DivergenceReport? Divergence = null);

/// <summary>Runs a session's compiled step over a data source; all state lives in the session.</summary>
public static class Trainer
{
    /// <summary>
    /// Builds the experiment's session: its initial weights and its random stream follow from
    /// <see cref="SessionOptions.Seed"/> (see <see cref="SessionRandom"/>), whatever else the process does.
    /// </summary>
    public static GanSession CreateSession(ExperimentDefinition experiment, SessionOptions options) =>
        experiment.CreateSession(options);

    /// <summary>
    /// Whether <paramref name="data"/> fits the session's networks: one sample of it has the shape of
    /// one generated sample, a conditional experiment gets labels of as many classes as it has,
    /// and <paramref name="batchSize"/> (when given) is a multiple of what the session packs
    /// together. The error names both shapes, both class counts or both sizes.
    /// </summary>
    public static Fin<Unit> CheckData(ExperimentDefinition experiment, GanSession session, IBatchSource data, int? batchSize = null)
    {
        if (experiment.Classes > 0 && data.Classes != experiment.Classes)
            return Error.New(data.Classes == 0
                ? $"the data has no labels, and {experiment.Name} is conditional on {experiment.Classes} classes"
                : $"the data has {data.Classes} classes, and {experiment.Name} is conditional on {experiment.Classes}");
        if (batchSize is { } size && session.BatchMultiple > 1 && size % session.BatchMultiple != 0)
            return Error.New($"the batch size {size} is not a multiple of {session.BatchMultiple}, and {experiment.Name}'s discriminator packs its inputs in groups of {session.BatchMultiple}");
        if (StyleHeadMismatch(experiment, session, data) is { } mismatch) return Error.New(mismatch);
        if (!session.CanSample) return unit;
        using var scope = torch.NewDisposeScope();
        var generated = session.Sample(1).shape.Skip(1).ToArray();
        return generated.SequenceEqual(data.SampleShape)
            ? unit
            : Error.New($"the data's samples have shape [{string.Join(", ", data.SampleShape)}], and {experiment.Name}'s generator makes [{string.Join(", ", generated)}]");
    }

    /// <summary>A network with a style head (fonts, say) that tells apart another number of styles than the data has.</summary>
    static string? StyleHeadMismatch(ExperimentDefinition experiment, GanSession session, IBatchSource data) =>
        session.Networks.Select(n => (n.Name, Head: n.Module as Networks.IStyleHead))
            .Where(n => n.Head is not null && n.Head.StyleClasses != data.StyleClasses)
            .Select(n => data.StyleClasses == 0
                ? $"the data has no style labels, and {experiment.Name}'s {n.Name} tells {n.Head!.StyleClasses} styles apart"
                : $"the data has {data.StyleClasses} styles to train on, and {experiment.Name}'s {n.Name} tells {n.Head!.StyleClasses} apart{n.Head.Remedy(data.StyleClasses)}")
            .FirstOrDefault();

    /// <summary>
    /// Trains <see cref="TrainingOptions.Steps"/> steps. When one network's updates have been skipped
    /// <see cref="DivergencePolicy.MaxConsecutiveSkips"/> times in a row, the run stops with a
    /// <see cref="TrainingReport.Divergence"/> report, or, under <see cref="DivergenceAction.Rollback"/>,
    /// <paramref name="rollback"/> restores the session (and data) from the last good checkpoint and
    /// every learning rate is multiplied by the policy's factor, until the rollbacks run out.
    /// </summary>
    public static TrainingReport Train(
        GanSession session,
        IBatchSource data,
        TrainingOptions options,
        Action<TrainingProgress>? onProgress = null,
        CancellationToken cancellation = default,
        Action<long>? afterStep = null,
        Func<Fin<Unit>>? rollback = null,
        Action<DivergenceNotice>? onDivergence = null)
    {
        var policy = options.Divergence ?? DivergencePolicy.Default;
        if (policy.Problem() is { } problem) throw new ArgumentException($"[DivergencePolicy]: {problem}.", nameof(options));
        if (policy.Action == DivergenceAction.Rollback && rollback is null)
            throw new ArgumentException("A Rollback divergence policy needs a rollback callback that restores the last good checkpoint.", nameof(rollback));
        var log = new List<TrainingProgress>();
        var clock = Stopwatch.StartNew();
        var intervalStart = clock.Elapsed;
        long intervalFirst = session.DiscriminatorSteps;
        var target = session.DiscriminatorSteps + options.Steps;
        session.TotalSteps = target;
        long skipped = 0;
        var rollbacks = 0;
        var learningRateScale = 1.0;
        while (session.DiscriminatorSteps < target)
        {
            if (cancellation.IsCancellationRequested)
                return new TrainingReport(options.Steps - (target - session.DiscriminatorSteps), clock.Elapsed, true, log, skipped, rollbacks);
            var skippedBefore = session.SkippedSteps;
            var runBefore = session.ConsecutiveSkips;
            using (NewDisposeScope())
            {
                var batch = data.Next();
                session.Step(batch);
            }
            var step = session.DiscriminatorSteps;
            skipped += session.SkippedSteps - skippedBefore;
            if (onDivergence is not null) NoticeSkips(session, step, runBefore, onDivergence);
            if (session.ConsecutiveSkips >= policy.MaxConsecutiveSkips)
            {
                var report = Diverged(session, step, skipped, policy, rollbacks, learningRateScale);
                if (policy.Action == DivergenceAction.Rollback && rollbacks < policy.MaxRollbacks)
                {
                    var rates = LearningRates(session);
                    var initialRates = InitialLearningRates(session);
                    var restored = rollback!();
                    if (restored.IsSucc)
                    {
                        rollbacks++;
                        learningRateScale *= policy.LearningRateFactor;
                        SetLearningRates(session, rates.Select(rate => rate * policy.LearningRateFactor).ToArray(),
                            initialRates.Select(rate => rate * policy.LearningRateFactor).ToArray());
                        session.Guard.EndRuns();
                        onDivergence?.Invoke(new DivergenceNotice(DivergenceNoticeKind.RolledBack, session.DiscriminatorSteps,
                            $"step {step}: rollback {rollbacks} of {policy.MaxRollbacks} after {report.ConsecutiveSkips} skipped {Name(report.Network)} updates in a row: "
                            + $"back to step {session.DiscriminatorSteps}, learning rates ×{policy.LearningRateFactor.ToString(CultureInfo.InvariantCulture)} "
                            + $"(×{learningRateScale.ToString("0.####", CultureInfo.InvariantCulture)} in all)"));
                        intervalStart = clock.Elapsed;
                        intervalFirst = session.DiscriminatorSteps;
                        continue;
                    }
                    report = report with { RollbackError = restored.Match(_ => "", e => e.Message) };
                }
                onDivergence?.Invoke(new DivergenceNotice(DivergenceNoticeKind.Stopped, step, report.Message));
                return new TrainingReport(options.Steps - (target - step), clock.Elapsed, false, log, skipped, rollbacks, report);
            }
            afterStep?.Invoke(step);
            var logNow = options.LogEvery > 0 && step % options.LogEvery == 0 || step == target;
            if (!logNow) continue;
            var evaluateNow = options.Evaluates && (options.EvaluateEvery > 0 && step % options.EvaluateEvery == 0 || step == target);
            var metrics = evaluateNow ? Evaluate(session, options.EvaluationSamples, data: data) : null;
            var seconds = (clock.Elapsed - intervalStart).TotalSeconds;
            var progress = new TrainingProgress(step, target, session.Losses.Read(), metrics,
                seconds > 0 ? (step - intervalFirst) / seconds : 0, session.SkippedSteps,
                session.Augmentation is { } augmentation ? new AugmentationReading(augmentation.Probability, augmentation.Signal) : null);
            intervalStart = clock.Elapsed;
            intervalFirst = step;
            log.Add(progress);
            onProgress?.Invoke(progress);
        }
        return new TrainingReport(options.Steps, clock.Elapsed, false, log, skipped, rollbacks);
    }

    /// <summary>A line when a run of skipped updates begins (later ones in the run are counted, not told) and when it ends.</summary>
    static void NoticeSkips(GanSession session, long step, int runBefore, Action<DivergenceNotice> onDivergence)
    {
        var run = session.ConsecutiveSkips;
        if (runBefore == 0 && run > 0 && session.Guard.LastSkip is { } skip)
            onDivergence(new DivergenceNotice(DivergenceNoticeKind.SkipsBegan, step,
                $"step {step}: {Name(skip.Network)} update skipped: loss {DivergenceReport.Number(skip.Loss)}, gradient norm {DivergenceReport.Number(skip.GradientNorm)} (further skips in a row are counted, not shown)"));
        else if (runBefore > 0 && run == 0)
            onDivergence(new DivergenceNotice(DivergenceNoticeKind.SkipsEnded, step,
                $"step {step}: updates go through again after {runBefore} skipped in a row ({session.SkippedSteps} skipped in all)"));
    }

    static DivergenceReport Diverged(GanSession session, long step, long skipped, DivergencePolicy policy, int rollbacks, double learningRateScale)
    {
        var counts = session.Guard.Counts;
        return new DivergenceReport(counts.Worst, step, counts.Consecutive, skipped, session.Guard.LastSkip,
            session.Guard.LastFiniteDiscriminatorLoss, session.Guard.LastFiniteGeneratorLoss, policy, rollbacks, learningRateScale);
    }

    static string Name(GuardedNetwork network) => network == GuardedNetwork.Discriminator ? "discriminator" : "generator";

    /// <summary>The learning rate of every parameter group of every optimizer, in order.</summary>
    public static double[] LearningRates(GanSession session) =>
        session.Optimizers.SelectMany(o => o.Optimizer.ParamGroups ?? []).Select(group => group.LearningRate).ToArray();

    /// <summary>The initial learning rate of every parameter group, in order: what a [LearningRateSchedule] scales.</summary>
    static double[] InitialLearningRates(GanSession session) =>
        session.Optimizers.SelectMany(o => o.Optimizer.ParamGroups ?? []).Select(group => group.InitialLearningRate).ToArray();

    /// <summary>Sets the current and the initial rates, so that a learning-rate schedule keeps a rollback's reduction.</summary>
    static void SetLearningRates(GanSession session, double[] rates, double[] initialRates)
    {
        var i = 0;
        foreach (var group in session.Optimizers.SelectMany(o => o.Optimizer.ParamGroups ?? []))
        {
            group.LearningRate = rates[i];
            group.InitialLearningRate = initialRates[i++];
        }
    }

    /// <summary>
    /// The experiment's metrics on <paramref name="samples"/> samples (averaged generator by
    /// default); for a session that cannot sample on its own (a paired experiment), the metrics
    /// of its translations of held-out batches, which the experiment's [Metrics] chooses. The
    /// latents are the run's fixed noise (a generator of their own; for a latent that draws from
    /// torch's global generator, a <see cref="RandomFork"/> of it): every evaluation sees the same
    /// noise, and evaluating does not change the random numbers that training draws next.
    /// <paramref name="data"/> is the run's data, for metrics that compare with it.
    /// </summary>
    public static MetricSet Evaluate(GanSession session, int samples, bool averaged = true, IBatchSource? data = null)
    {
        if (!session.CanSample)
            return RandomFork.Run(RandomFork.FixedNoiseSeed(session.Options.Seed), session.Device, () =>
            {
                using var scope = NewDisposeScope();
                return session.EvaluateTranslations(averaged);
            });
        return RandomFork.Run(RandomFork.FixedNoiseSeed(session.Options.Seed), session.Device, () =>
        {
            using var scope = NewDisposeScope();
            return session.Evaluate(session.Sample(samples, averaged: averaged), data);
        });
    }
}
