using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>What `train` was asked to do, validated as a whole so that every problem is reported at once.</summary>
public sealed record TrainRequest(
    string Experiment,
    long Steps,
    int BatchSize,
    long Seed,
    string Device,
    string? LibTorch,
    string OutputRoot,
    int LogEvery,
    int EvaluateEvery,
    int CheckpointEvery = 1000,
    int Keep = 3,
    string? BestMetric = null)
{
    public const string DefaultExperiment = "ring8-tricks";

    public Validation<Error, TrainRequest> Validate() =>
        (Check(Steps >= 1 && Steps <= 100_000_000, $"--steps {Steps} is out of range: use 1 to 100000000"),
         Check(BatchSize >= 1 && BatchSize <= 65_536, $"--batch-size {BatchSize} is out of range: use 1 to 65536"),
         Check(LogEvery >= 1, $"--log-every {LogEvery} is out of range: use 1 or more"),
         Check(EvaluateEvery >= 0, $"--eval-every {EvaluateEvery} is out of range: use 0 (only at the end) or more"),
         Check(CheckpointEvery >= 0, $"--checkpoint-every {CheckpointEvery} is out of range: use 0 (only at the end) or more"),
         Check(Keep >= 1, $"--keep {Keep} is out of range: keep at least 1 checkpoint"),
         Check(!string.IsNullOrWhiteSpace(OutputRoot), "--out must name a folder"))
        .Apply((_, _, _, _, _, _, _) => this);

    public RunConfig Config => new(Experiment, Steps, BatchSize, Seed, Device, LogEvery, EvaluateEvery, CheckpointEvery, Keep, BestMetric);

    static Validation<Error, Unit> Check(bool ok, string problem) =>
        ok ? Success<Error, Unit>(unit) : Fail<Error, Unit>(Error.New(problem));
}
