using System.Diagnostics.Contracts;
using System.Globalization;
using System.Text;

namespace Functional.Training;

/// <summary>One variant's final metrics over its finished seeds, and its mean time per run.</summary>
public sealed record AblationRow(string Variant, int Runs, TimeSpan MeanElapsed, IReadOnlyList<MetricSummary> Summary);

/// <summary>
/// The table an ablation reports: per variant, each final metric as mean ± sample standard
/// deviation over its seeds (<see cref="SeedSweep.Summarize"/>), as Markdown and as CSV.
/// </summary>
public static class AblationTable
{
    /// <summary>One row per variant, in the order given, from the runs of those variants and seeds.</summary>
    [Pure]
    public static IReadOnlyList<AblationRow> Rows(IEnumerable<string> variants, IReadOnlyList<AblationRun> runs, IReadOnlyCollection<long>? seeds = null) =>
        variants.Select(variant =>
        {
            var mine = runs.Where(r => r.Variant == variant && (seeds is null || seeds.Contains(r.Seed))).ToArray();
            var elapsed = mine.Length == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(mine.Average(r => r.Elapsed.TotalSeconds));
            return new AblationRow(variant, mine.Length, elapsed, SeedSweep.Summarize(mine.Select(r => r.Metrics)));
        }).ToArray();

    /// <summary>
    /// A Markdown table: variant, runs, each metric as "mean ± std" (↑ higher is better, ↓ lower),
    /// and seconds per run. Numbers keep three significant digits of the mean.
    /// </summary>
    [Pure]
    public static string Markdown(IReadOnlyList<AblationRow> rows)
    {
        var metrics = Metrics(rows);
        var text = new StringBuilder();
        text.Append("| variant | runs | ")
            .AppendJoin(" | ", metrics.Select(m => $"{m.Name} {(m.HigherIsBetter ? "↑" : "↓")}"))
            .Append(" | s / run |\n");
        text.Append("| --- | ---: |").Append(string.Concat(metrics.Select(_ => " ---: |"))).Append(" ---: |\n");
        foreach (var row in rows)
        {
            text.Append("| ").Append(row.Variant.Replace("|", "\\|")).Append(" | ").Append(row.Runs).Append(" | ");
            text.AppendJoin(" | ", metrics.Select(m => row.Summary.FirstOrDefault(s => s.Name == m.Name) is { Name: not null } s
                ? MeanPlusMinus(s.Mean, s.StandardDeviation)
                : "–"));
            text.Append(" | ").Append(row.Runs == 0 ? "–" : row.MeanElapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)).Append(" |\n");
        }
        return text.ToString();
    }

    /// <summary>A CSV: variant, runs, seconds (mean per run), then NAME_mean and NAME_std per metric, at full precision.</summary>
    [Pure]
    public static string Csv(IReadOnlyList<AblationRow> rows)
    {
        var metrics = Metrics(rows);
        var text = new StringBuilder();
        text.AppendJoin(",", new[] { "variant", "runs", "seconds" }
            .Concat(metrics.SelectMany(m => new[] { Training.Csv.Quote(m.Name + "_mean"), Training.Csv.Quote(m.Name + "_std") }))).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(",", new[] { Training.Csv.Quote(row.Variant), Training.Csv.Number(row.Runs), Training.Csv.Number(row.MeanElapsed.TotalSeconds) }
                .Concat(metrics.SelectMany(m => row.Summary.FirstOrDefault(s => s.Name == m.Name) is { Name: not null } s
                    ? new[] { Training.Csv.Number(s.Mean), Training.Csv.Number(s.StandardDeviation) }
                    : new[] { "", "" }))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>"mean ± std" with three significant digits of the mean, and the deviation to the same decimals.</summary>
    [Pure]
    public static string MeanPlusMinus(double mean, double standardDeviation)
    {
        if (!double.IsFinite(mean)) return $"{mean.ToString(CultureInfo.InvariantCulture)} ± {standardDeviation.ToString(CultureInfo.InvariantCulture)}";
        var magnitude = mean == 0 ? 0 : (int)Math.Floor(Math.Log10(Math.Abs(mean)));
        var decimals = Math.Clamp(2 - magnitude, 0, 10);
        var format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {standardDeviation.ToString(format, CultureInfo.InvariantCulture)}";
    }

    /// <summary>Every metric that some row reports, in the order first seen.</summary>
    static IReadOnlyList<MetricSummary> Metrics(IReadOnlyList<AblationRow> rows) =>
        rows.SelectMany(r => r.Summary).DistinctBy(s => s.Name).ToArray();
}
