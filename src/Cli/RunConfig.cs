using System.Text.Json;
using System.Text.Json.Serialization;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;

namespace Functional.Cli;

/// <summary>
/// The resolved configuration of a run, as written to its folder's config.json; `resume` reads it back.
/// The divergence fields came later: a config.json without them reads with their defaults.
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
    [property: JsonPropertyName("threads")] int? Threads = null)
{
    public const string FileName = "config.json";
    public const string Stop = "stop";
    public const string Rollback = "rollback";

    /// <summary>Whether the divergence guard checks each update: <c>max_skips</c> 0 turns it off.</summary>
    [JsonIgnore]
    public bool Guarded => MaxSkips > 0;

    /// <summary>The trainer's divergence policy (meaningless, and unused, when the guard is off).</summary>
    [JsonIgnore]
    public DivergencePolicy Divergence => new(
        Math.Max(1, MaxSkips),
        OnDivergence == Rollback ? DivergenceAction.Rollback : DivergenceAction.Stop,
        RollbackLearningRateFactor,
        MaxRollbacks);

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
        if (!Directory.Exists(runFolder)) return Error.New($"run folder '{runFolder}' does not exist.");
        if (!File.Exists(path)) return Error.New($"'{runFolder}' is not a run folder: it has no {FileName}.");
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(File.ReadAllText(path)) is not { Experiment.Length: > 0 } config
                ? Error.New($"{path} names no experiment.")
                : config.DivergenceProblem() is { } problem
                    ? Error.New($"{path} has a bad divergence setting: {problem}.")
                    : config;
        }
        catch (JsonException e)
        {
            return Error.New($"{path} is not a valid run configuration: {e.Message}");
        }
    }
}
