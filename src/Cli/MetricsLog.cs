using System.Text.Json;

namespace Functional.Cli;

/// <summary>One line of a run's metrics.jsonl: a logging step and its finite values by name (d_loss, g_loss, penalty, steps_per_s, metrics).</summary>
public sealed record LoggedStep(long Step, IReadOnlyDictionary<string, double> Values)
{
    public double? this[string name] => Values.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Reads a run's metrics.jsonl as its history, whichever sessions wrote it. A run killed after its
/// last checkpoint has logged steps that its resumed session logs again; the later line of a step
/// wins, so the history is what the finished run did. A line cut off by a kill is skipped.
/// </summary>
public static class MetricsLog
{
    public const string FileName = "metrics.jsonl";

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
