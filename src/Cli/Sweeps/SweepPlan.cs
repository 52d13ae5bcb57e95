using System.Text.Json;
using System.Text.Json.Serialization;
using Functional.Training;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>
/// What one ablation sweeps, as its folder's sweep.json records it: the experiment and its grid
/// (empty: its declared [Variants]) with the --set values every variant takes, the variants' names in table order, the seeds, and the
/// protocol every cell trains under. A cell's process (a Slurm task, a later `ablate`) reads it to
/// know what to train; the protocol may not change under a folder, the seeds and variants may
/// (asking for more seeds later trains the new cells only).
/// </summary>
public sealed record SweepPlan(
    [property: JsonPropertyName("experiment")] string Experiment,
    [property: JsonPropertyName("grid")] IReadOnlyList<string> Grid,
    [property: JsonPropertyName("variants")] IReadOnlyList<string> Variants,
    [property: JsonPropertyName("seeds")] IReadOnlyList<long> Seeds,
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("metric_samples")] int MetricSamples,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("threads")] int? Threads,
    [property: JsonPropertyName("checkpoint_every")] int CheckpointEvery,
    [property: JsonPropertyName("set")] IReadOnlyList<string>? Sets = null)
{
    public const string FileName = "sweep.json";
    public const string CellsFolder = "cells";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Every (variant, seed) cell, seed by seed and the variants in order, as a local ablation runs them.</summary>
    public IReadOnlyList<SweepCell> Cells(string folder) =>
        Seeds.SelectMany(seed => Variants.Select(variant => SweepCell.In(folder, variant, seed))).ToArray();

    public static string PathIn(string folder) => Path.Combine(folder, FileName);

    /// <summary>The plan in <paramref name="folder"/>, if it has one.</summary>
    public static Fin<Option<SweepPlan>> Read(string folder)
    {
        var path = PathIn(folder);
        if (!File.Exists(path)) return FinSucc(Option<SweepPlan>.None);
        try
        {
            return JsonSerializer.Deserialize<SweepPlan>(File.ReadAllText(path)) is { Experiment.Length: > 0 } plan
                ? FinSucc(Some(plan))
                : Failure.BadInput($"{path} names no experiment");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return Failure.BadInput($"{path} is not a sweep plan: {e.Message}");
        }
    }

    /// <summary>The plan of <paramref name="folder"/>, which must have one (for --collect and --cell).</summary>
    public static Fin<SweepPlan> Existing(string folder) =>
        Read(folder).Bind(plan => plan.Match(
            FinSucc,
            () => FinFail<SweepPlan>(Failure.BadInput($"'{folder}' is not an ablation folder: it has no {FileName} (start one with: ablate NAME --out {folder})"))));

    /// <summary>
    /// Writes this plan into <paramref name="folder"/>, after checking that a plan already there
    /// sweeps the same experiment and grid under the same protocol (its cells would not compare).
    /// </summary>
    public Fin<Unit> Write(string folder) =>
        Read(folder).Bind(existing => existing.Match(
            old => old.Conflict(this) is { } conflict
                ? FinFail<Unit>(Failure.BadInput($"{PathIn(folder)} is an ablation of {conflict}; this one asks for another: use another --out"))
                : Save(folder),
            () => Save(folder)));

    Fin<Unit> Save(string folder)
    {
        try
        {
            var path = PathIn(folder);
            var partial = path + $".{Environment.ProcessId}.tmp";
            File.WriteAllText(partial, JsonSerializer.Serialize(this, Json));
            File.Move(partial, path, overwrite: true);
            return unit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure.BadInput($"cannot write {PathIn(folder)}: {e.Message}");
        }
    }

    /// <summary>What this plan sweeps, where <paramref name="other"/> sweeps something else (null when their cells compare).</summary>
    string? Conflict(SweepPlan other) =>
        Experiment != other.Experiment || !Grid.SequenceEqual(other.Grid) || !(Sets ?? []).SequenceEqual(other.Sets ?? [])
            ? $"{Experiment}{(Grid.Count > 0 ? $" over --grid {string.Join(" --grid ", Grid)}" : "")}{((Sets ?? []).Count > 0 ? $" with --set {string.Join(" --set ", Sets!)}" : "")}"
        : Steps != other.Steps || BatchSize != other.BatchSize || MetricSamples != other.MetricSamples
            ? $"{Steps} steps, batch {BatchSize}, {MetricSamples} metric samples"
            : null;
}
