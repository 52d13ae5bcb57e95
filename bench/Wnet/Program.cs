using System.Globalization;
using System.Text.Json;
using Functional.Data;
using Functional.Examples.Glyphs;
using Functional.Metrics;
using Functional.Native;
using static TorchSharp.torch;

// glyphs-wnet's metrics table against its baselines (docs/benchmarks.md, "W-Net"):
//   functional-bench-wnet [--size 64] [--data DIR] [RUN_DIR ...]
// prints the true glyphs' and the three baselines' metrics on the held-out pairs, then each run's
// last evaluation from its metrics.jsonl, as one Markdown table.
TorchRuntime.EnsureLoaded();
set_num_threads(1);
var size = 64;
string? data = null;
var runs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--size": size = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--data": data = args[++i]; break;
        default: runs.Add(args[i]); break;
    }
}
var settings = new GlyphWnet.Settings(Size: size);
var judge = WnetJudge.For(GlyphWnet.Table(new DataOptions(1, 0, CPU, data), settings));
var table = judge.Table;
Console.WriteLine($"Held-out pairs: {judge.Pairs.Count} ({table.Split.Test.Count} unseen fonts × {table.TestCharacters.Count} unseen characters) at {size}×{size}; "
    + $"{table.Split.Training.Count} training fonts × {table.TrainingCharacters.Count} training characters; {table.Blank.Count} listed glyphs drawn blank were left out.");
Console.WriteLine();
var names = new[] { WnetJudge.L1, StructuralSimilarity.Name, WnetJudge.CharacterAccuracy, WnetJudge.FontAccuracy, WnetJudge.FontFd };
Console.WriteLine($"| outputs | {string.Join(" | ", names)} |");
Console.WriteLine($"|---|{string.Join("|", names.Select(_ => "---:"))}|");
void Row(string what, Func<string, double> value) =>
    Console.WriteLine($"| {what} | {string.Join(" | ", names.Select(n => value(n).ToString(n == WnetJudge.FontFd ? "0.0" : "0.000", CultureInfo.InvariantCulture)))} |");
Row("true glyphs (ceiling)", n => judge.Truth[n]);
foreach (var (name, metrics) in judge.Baselines) Row($"baseline: {name}", n => metrics[n]);
foreach (var run in runs)
{
    // metrics.jsonl: one object per logging interval; an evaluation's line carries the metrics beside the losses.
    var last = File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
        .LastOrDefault(e => e.TryGetProperty(WnetJudge.L1, out _));
    if (last.ValueKind == JsonValueKind.Undefined) { Console.Error.WriteLine($"{run}: no evaluation in metrics.jsonl"); continue; }
    Row($"{Path.GetFileName(Path.TrimEndingDirectorySeparator(run))} (step {last.GetProperty("step").GetInt64()})", n => last.GetProperty(n).GetDouble());
}
