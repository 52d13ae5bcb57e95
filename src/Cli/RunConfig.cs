using System.Text.Json;
using System.Text.Json.Serialization;
using LanguageExt;
using LanguageExt.Common;

namespace Functional.Cli;

/// <summary>The resolved configuration of a run, as written to its folder's config.json; `resume` reads it back.</summary>
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
    [property: JsonPropertyName("best_metric")] string? BestMetric = null)
{
    public const string FileName = "config.json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Fin<RunConfig> Read(string runFolder)
    {
        var path = Path.Combine(runFolder, FileName);
        if (!Directory.Exists(runFolder)) return Error.New($"run folder '{runFolder}' does not exist.");
        if (!File.Exists(path)) return Error.New($"'{runFolder}' is not a run folder: it has no {FileName}.");
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(File.ReadAllText(path)) is { Experiment.Length: > 0 } config
                ? config
                : Error.New($"{path} names no experiment.");
        }
        catch (JsonException e)
        {
            return Error.New($"{path} is not a valid run configuration: {e.Message}");
        }
    }
}
