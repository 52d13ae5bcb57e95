using System.Text.Json;
using System.Text.Json.Serialization;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;

namespace Functional.Cli;

/// <summary>Where a run's length came from: "--steps" (an option), "experiment" (its declaration) or "default" (the library's).</summary>
public sealed record LengthSources(
    [property: JsonPropertyName("steps")] string Steps,
    [property: JsonPropertyName("batch_size")] string BatchSize,
    [property: JsonPropertyName("eval_every")] string EvaluateEvery);

/// <summary>
/// The resolved configuration of a run, as written to its folder's config.json; `resume` reads it back.
/// Fields that came later (divergence, threads, sources, ranks) read with their defaults from an older file.
/// <see cref="Ranks"/> is how many data-parallel ranks it was started on (null: one process); a run
/// resumes on any number.
/// <see cref="OnDivergence"/> is the file's word for <see cref="Action"/>, which the code uses.
/// </summary>
public sealed record RunConfig(
    [property: JsonPropertyName("experiment")] string Experiment,
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("log_every")] int LogEvery,
    [property: JsonPropertyName("eval_every")] int EvaluateEvery,
    [property: JsonPropertyName("checkpoint_every")] int CheckpointEvery,
    [property: JsonPropertyName("keep")] int Keep,
    [property: JsonPropertyName("max_skips")] int MaxSkips = DivergencePolicy.DefaultMaxConsecutiveSkips,
    [property: JsonPropertyName("on_divergence")] string OnDivergence = RunConfig.Stop,
    [property: JsonPropertyName("rollback_lr_factor")] double RollbackLearningRateFactor = DivergencePolicy.DefaultLearningRateFactor,
    [property: JsonPropertyName("max_rollbacks")] int MaxRollbacks = DivergencePolicy.DefaultMaxRollbacks,
    [property: JsonPropertyName("hyperparameters")] Dictionary<string, JsonElement>? Hyperparameters = null,
    [property: JsonPropertyName("data")] string? Data = null,
    [property: JsonPropertyName("best_metric")] string? BestMetric = null,
    [property: JsonPropertyName("threads")] int? Threads = null,
    [property: JsonPropertyName("sources")] LengthSources? Sources = null,
    [property: JsonPropertyName("ranks")] int? Ranks = null)
{
    public const string FileName = RunFolder.ConfigFile;
    public const string Stop = "stop";
    public const string Rollback = "rollback";

    /// <summary>Whether the divergence guard checks each update: <c>max_skips</c> 0 turns it off.</summary>
    [JsonIgnore]
    public bool Guarded => MaxSkips > 0;

    /// <summary>What the trainer does after too many skipped updates in a row.</summary>
    [JsonIgnore]
    public DivergenceAction Action => OnDivergence == Rollback ? DivergenceAction.Rollback : DivergenceAction.Stop;

    /// <summary>Whether a divergence rolls back to the latest checkpoint (only with the guard on).</summary>
    [JsonIgnore]
    public bool RollsBack => Guarded && Action == DivergenceAction.Rollback;

    /// <summary>The trainer's divergence policy (meaningless, and unused, when the guard is off).</summary>
    [JsonIgnore]
    public DivergencePolicy Divergence => new(Math.Max(1, MaxSkips), Action, RollbackLearningRateFactor, MaxRollbacks);

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The recorded hyperparameter values, as settings whose messages name <paramref name="runFolder"/>'s config.json.</summary>
    public Validation<Error, Seq<HyperparameterSetting>> Settings(string runFolder) =>
        Hyperparameters is null
            ? Prelude.Success<Error, Seq<HyperparameterSetting>>(Prelude.Empty)
            : HyperparameterSettings.FromJson(JsonSerializer.SerializeToElement(Hyperparameters), Path.Combine(runFolder, FileName));

    string? DivergenceProblem() =>
        OnDivergence is not (Stop or Rollback) ? $"on_divergence is '{OnDivergence}', not '{Stop}' or '{Rollback}'"
        : MaxSkips < 0 ? $"max_skips is {MaxSkips}"
        : Divergence.Problem();

    public static Fin<RunConfig> Read(string runFolder)
    {
        var path = Path.Combine(runFolder, FileName);
        if (!Directory.Exists(runFolder)) return Failure.BadInput($"run folder '{runFolder}' does not exist.");
        if (!File.Exists(path)) return Failure.BadInput($"'{runFolder}' is not a run folder: it has no {FileName}.");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>A configuration from its JSON text; <paramref name="source"/> names where it came from in messages.</summary>
    public static Fin<RunConfig> Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(json) is not { Experiment.Length: > 0 } config
                ? Failure.BadInput($"{source} names no experiment.")
                : config.DivergenceProblem() is { } problem
                    ? Failure.BadInput($"{source} has a bad divergence setting: {problem}.")
                    : config;
        }
        catch (JsonException e)
        {
            return Failure.BadInput($"{source} is not a valid run configuration: {e.Message}");
        }
    }
}
