using System.Globalization;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>
/// What `train` was asked to do, validated as a whole so that every problem is reported at once.
/// <see cref="Steps"/>, <see cref="BatchSize"/> and <see cref="EvaluateEvery"/> left unset take
/// the experiment's declared training length; <see cref="MaxSkips"/> 0 turns the divergence guard off.
/// <see cref="DataParallel"/> makes this process one rank of a run launched by mpirun or srun
/// (<see cref="RankRun"/>), waiting at most <see cref="RankTimeout"/> seconds for the others.
/// </summary>
public sealed record TrainRequest(
    string Experiment,
    long? Steps,
    int? BatchSize,
    long Seed,
    string Device,
    string? LibTorch,
    string OutputRoot,
    int LogEvery,
    int? EvaluateEvery,
    int CheckpointEvery = 1000,
    int Keep = 3,
    int MaxSkips = DivergencePolicy.DefaultMaxConsecutiveSkips,
    string OnDivergence = RunConfig.Stop,
    double RollbackLearningRateFactor = DivergencePolicy.DefaultLearningRateFactor,
    int MaxRollbacks = DivergencePolicy.DefaultMaxRollbacks,
    IReadOnlyList<string>? Sets = null,
    string? HyperparametersFile = null,
    string? Data = null,
    string? BestMetric = null,
    int? Threads = null,
    bool DataParallel = false,
    double RankTimeout = RankRun.DefaultTimeoutSeconds)
{
    public const string DefaultExperiment = "ring8-tricks";

    public Validation<Error, TrainRequest> Validate() =>
        (Check(Steps is null or (>= 1 and <= 100_000_000), $"--steps {Steps} is out of range: use 1 to 100000000"),
         Check(BatchSize is null or (>= 1 and <= 65_536), $"--batch-size {BatchSize} is out of range: use 1 to 65536"),
         Check(LogEvery >= 1, $"--log-every {LogEvery} is out of range: use 1 or more"),
         Check(EvaluateEvery is null or >= 0, $"--eval-every {EvaluateEvery} is out of range: use 0 (only at the end) or more"),
         Check(CheckpointEvery >= 0, $"--checkpoint-every {CheckpointEvery} is out of range: use 0 (only at the end) or more"),
         Check(Keep >= 1, $"--keep {Keep} is out of range: keep at least 1 checkpoint"),
         Check(!string.IsNullOrWhiteSpace(OutputRoot), "--out must name a folder"),
         ValidateDivergence(),
         Check(Threads is null or >= 1, $"--threads {Threads} is out of range: use 1 or more"))
        .Apply((_, _, _, _, _, _, _, _, _) => this);

    /// <summary>The divergence options' checks, every failing one reported.</summary>
    Validation<Error, Unit> ValidateDivergence() =>
        (Check(MaxSkips >= 0, $"--max-skips {MaxSkips} is out of range: use 1 or more, or 0 to turn the divergence guard off"),
         Check(OnDivergence is RunConfig.Stop or RunConfig.Rollback, $"--on-divergence '{OnDivergence}' is not one of: {RunConfig.Stop}, {RunConfig.Rollback}"),
         Check(RollbackLearningRateFactor > 0 && RollbackLearningRateFactor <= 1,
             $"--rollback-lr-factor {RollbackLearningRateFactor.ToString(CultureInfo.InvariantCulture)} is out of range: use more than 0 and at most 1"),
         Check(MaxRollbacks >= 1, $"--max-rollbacks {MaxRollbacks} is out of range: use 1 or more"),
         Check(MaxSkips != 0 || OnDivergence != RunConfig.Rollback, "--on-divergence rollback needs the divergence guard: use --max-skips 1 or more"))
        .Apply((_, _, _, _, _) => unit);

    /// <summary>The run's configuration with <paramref name="length"/> (the experiment's declared training length) where nothing was asked for.</summary>
    public RunConfig ConfigFor(TrainingLength length) => new(
        Experiment, Steps ?? length.Steps, BatchSize ?? length.BatchSize, Seed, Device, LogEvery, EvaluateEvery ?? length.EvaluateEvery,
        CheckpointEvery, Keep, MaxSkips, OnDivergence, RollbackLearningRateFactor, MaxRollbacks, BestMetric: BestMetric,
        Sources: new LengthSources(
            Origin(Steps, length.DeclaredSteps, "--steps"),
            Origin(BatchSize, length.DeclaredBatchSize, "--batch-size"),
            Origin(EvaluateEvery, length.DeclaredEvaluateEvery, "--eval-every")));

    /// <summary>Where a length value came from: the option, the experiment's declaration, or the library's default.</summary>
    static string Origin<T>(T? asked, T? declared, string option) where T : struct =>
        asked is not null ? option : declared is not null ? "experiment" : "default";

    /// <summary>The run's configuration with the library's default length where nothing was asked for.</summary>
    public RunConfig Config => ConfigFor(TrainingLength.Default);

    /// <summary>
    /// The hyperparameter settings asked for, the JSON file's first, then each --set (a later one
    /// wins), and the problems of those that could not be read: the readable ones are still checked
    /// against the experiment, so that every problem is reported at once.
    /// </summary>
    public (Seq<Error> Problems, HyperparameterSetting[] Settings) Settings()
    {
        var entries = (HyperparametersFile is null ? [] : HyperparameterSettings.ReadJsonEntries(HyperparametersFile))
            .Concat((Sets ?? []).Select(s => HyperparameterSettings.Parse(s)))
            .ToArray();
        return (entries.SelectMany(e => e.FailToSeq()).ToSeq(), entries.SelectMany(e => e.SuccessToSeq()).ToArray());
    }

    static Validation<Error, Unit> Check(bool ok, string problem) =>
        ok ? Success<Error, Unit>(unit) : Fail<Error, Unit>(Error.New(problem));
}
