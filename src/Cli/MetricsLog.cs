using System.Text.Json;
using Functional.Metrics;
using Functional.Training;

namespace Functional.Cli;

/// <summary>One line of a run's metrics.jsonl: a logging step and its finite values by name (d_loss, g_loss, penalty, steps_per_s, augment_p and r_t where the discriminator's inputs are augmented, metrics).</summary>
public sealed record LoggedStep(long Step, IReadOnlyDictionary<string, double> Values)
{
    public double? this[string name] => Values.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A run's metric records: metrics.jsonl, one JSON line per logging interval, and
/// untrained-metrics.json, the evaluation before the first step. The history is read whichever
/// sessions wrote it: a run killed after its last checkpoint has logged steps that its resumed
/// session logs again; the later line of a step wins, so the history is what the finished run
/// did. A line cut off by a kill is skipped.
/// </summary>
public static class MetricsLog
{
    public const string FileName = RunFolder.MetricsLogFile;

    /// <summary>One logging interval as a metrics.jsonl line: losses (null when not finite), speed, skips and any metrics.</summary>
    public static string Line(TrainingProgress p)
    {
        var record = new Dictionary<string, object?>
        {
            ["step"] = p.Step,
            ["d_loss"] = Finite(p.Losses.Discriminator),
            ["g_loss"] = Finite(p.Losses.Generator),
            ["penalty"] = Finite(p.Losses.Penalty),
            ["steps_per_s"] = Math.Round(p.StepsPerSecond, 2),
            ["skipped"] = p.SkippedSteps,
        };
        if (p.Augmentation is { } augmentation)
        {
            record["augment_p"] = augmentation.Probability;
            if (augmentation.Signal is { } signal) record["r_t"] = signal;
        }
        if (p.Metrics is { } metrics)
            foreach (var m in metrics) record[m.Name] = m.Value;
        return JsonSerializer.Serialize(record);
    }

    static double? Finite(double value) => double.IsFinite(value) ? value : null;

    public static void WriteUntrained(RunFolder run, MetricSet metrics) =>
        File.WriteAllText(run.UntrainedMetrics,
            JsonSerializer.Serialize(metrics.Select(m => new { name = m.Name, value = m.Value, higher_is_better = m.HigherIsBetter })));

    /// <summary>The untrained evaluation a run recorded; empty when it has none or it cannot be read.</summary>
    public static MetricSet ReadUntrained(RunFolder run)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(run.UntrainedMetrics));
            return new MetricSet(document.RootElement.EnumerateArray()
                .Select(e => new Metric(e.GetProperty("name").GetString()!, e.GetProperty("value").GetDouble(), e.GetProperty("higher_is_better").GetBoolean()))
                .ToList());
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return MetricSet.Empty;
        }
    }

    public static IReadOnlyList<LoggedStep> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var byStep = new SortedDictionary<long, LoggedStep>();
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
            if (Parse(line) is { } logged) byStep[logged.Step] = logged;
        return byStep.Values.ToList();
    }

    static LoggedStep? Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("step", out var step) || !step.TryGetInt64(out var number)) return null;
            var values = new Dictionary<string, double>();
            foreach (var property in root.EnumerateObject())
                if (property.Name != "step" && property.Value.ValueKind == JsonValueKind.Number)
                    values[property.Name] = property.Value.GetDouble();
            return new LoggedStep(number, values);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
