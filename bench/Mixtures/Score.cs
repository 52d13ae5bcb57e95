using System.Globalization;
using System.Text.Json;
using Functional.Data;
using Functional.Metrics;
using Functional.Training;
using static TorchSharp.torch;

namespace Functional.Bench.Mixtures;

/// <summary>
/// The mixtures' table from run folders that `train` wrote: each run's final samples.csv (the
/// averaged generator's 2,500 samples from the run's fixed noise) scored with PacGAN's metrics,
/// its evaluations along the way from metrics.jsonl, and the process CPU time of its session from
/// summary.md. Prints one row per run, then mean ± sample standard deviation, standard error and
/// the worst run (fewest modes, then lowest high-quality share).
/// </summary>
internal static class Score
{
    public sealed record Run(string Folder, string Experiment, long Seed, long Steps, MetricSet Metrics, double Seconds, IReadOnlyList<(long Step, double Modes, double HighQuality, double ReverseKl)> Evaluations);

    public static int Print(IReadOnlyList<string> folders)
    {
        var runs = folders.Select(Read).OrderBy(r => r.Seed).ToList();
        if (runs.Count == 0) { Console.Error.WriteLine("score: no run folders"); return 2; }
        Console.WriteLine("| run | seed | steps | modes | high quality % | reverse KL | along the way (step: modes / HQ % / rKL) | s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in runs)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Path.GetFileName(r.Folder)} | {r.Seed} | {r.Steps} | {r.Metrics[MixtureMetrics.ModesCovered]:0} | {r.Metrics[MixtureMetrics.HighQuality]:0.00} | {r.Metrics[MixtureMetrics.ReverseKl]:0.0000} | {string.Join("; ", r.Evaluations.Select(e => $"{e.Step}: {e.Modes:0} / {e.HighQuality:0.0} / {e.ReverseKl:0.000}"))} | {r.Seconds:0} |"));
        var summary = SeedSweep.Summarize(runs.Select(r => r.Metrics));
        var worst = runs.OrderBy(r => r.Metrics[MixtureMetrics.ModesCovered]).ThenBy(r => r.Metrics[MixtureMetrics.HighQuality]).First();
        Console.WriteLine();
        var metrics = string.Join(", ", summary.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Name} {m.Mean:0.###} ± {m.StandardDeviation:0.###} (se {m.StandardError:0.###})")));
        var all = runs.All(r => r.Metrics[MixtureMetrics.ModesCovered] == Mixture(r.Experiment).Modes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{runs[0].Experiment}, seeds {string.Join(",", runs.Select(r => r.Seed))}: {metrics}; worst seed {worst.Seed}: {worst.Metrics}; every seed at all modes: {all}; mean {runs.Average(r => r.Seconds):0} CPU s a run"));
        return 0;
    }

    static GaussianMixture Mixture(string experiment) => experiment.StartsWith("ring", StringComparison.Ordinal) ? GaussianMixture.Ring() : GaussianMixture.Grid();

    static Run Read(string folder)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
        var experiment = config.RootElement.GetProperty("experiment").GetString()!;
        var seed = config.RootElement.GetProperty("seed").GetInt64();
        var steps = config.RootElement.GetProperty("steps").GetInt64();
        var points = File.ReadLines(Path.Combine(folder, "samples.csv")).Skip(1)
            .Select(line => line.Split(','))
            .SelectMany(p => new[] { float.Parse(p[0], CultureInfo.InvariantCulture), float.Parse(p[1], CultureInfo.InvariantCulture) })
            .ToArray();
        using var samples = tensor(points).reshape(-1, 2);
        var metrics = MixtureMetrics.Evaluate(samples, Mixture(experiment));
        var evaluations = File.ReadLines(Path.Combine(folder, "metrics.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.TryGetProperty(MixtureMetrics.ModesCovered, out _))
            .Select(e => (e.GetProperty("step").GetInt64(), e.GetProperty(MixtureMetrics.ModesCovered).GetDouble(),
                e.GetProperty(MixtureMetrics.HighQuality).GetDouble(), e.GetProperty(MixtureMetrics.ReverseKl).GetDouble()))
            .ToList();
        var summary = File.ReadAllLines(Path.Combine(folder, "summary.md"));
        var cpu = summary.Select(l => l.StartsWith("- CPU time of the last session: ", StringComparison.Ordinal) ? l["- CPU time of the last session: ".Length..].Split(' ')[0] : null).FirstOrDefault(x => x is not null);
        return new Run(folder, experiment, seed, steps, metrics, cpu is null ? double.NaN : double.Parse(cpu, CultureInfo.InvariantCulture), evaluations);
    }
}
