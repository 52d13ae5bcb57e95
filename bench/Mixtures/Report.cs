using Functional.Metrics;
using Functional.Training;

namespace Functional.Bench.Mixtures;

/// <summary>Markdown rows: each metric as mean ± standard deviation over the seeds, and the mean time of a run.</summary>
internal static class Report
{
    public const string Header =
        "| experiment | seeds | modes | high quality % | reverse KL | s/run |\n| --- | --- | --- | --- | --- | --- |";

    public static string Row(string name, SweepReport report) =>
        $"| {name} | {report.Runs.Count} | {Cell(report[MixtureMetrics.ModesCovered], "0.0")} | {Cell(report[MixtureMetrics.HighQuality], "0.0")} "
        + $"| {Cell(report[MixtureMetrics.ReverseKl], "0.000")} | {report.MeanElapsed.TotalSeconds:0} |";

    static string Cell(MetricSummary m, string format) => $"{m.Mean.ToString(format)} ± {m.StandardDeviation.ToString(format)}";
}
