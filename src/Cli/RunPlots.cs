using Functional.Metrics;
using ScottPlot;

namespace Functional.Cli;

/// <summary>
/// A run's curves as PNG (ScottPlot 5), drawn from its whole metrics.jsonl history so that a resumed
/// run's plots start at step 0: the losses, and one panel per metric with the best checkpoint's step marked.
/// </summary>
public static class RunPlots
{
    public const string LossesFile = RunFolder.LossesPlotFile;
    public const string MetricsFile = RunFolder.MetricsPlotFile;
    const int Width = 800;
    const int LossesHeight = 400;
    const int PanelWidth = 480;
    const int PanelHeight = 300;
    const int PanelsPerRow = 2;

    /// <summary>D and G losses (left axis) and the penalty where there is one (right axis) over the steps; false when nothing is logged yet.</summary>
    public static bool Losses(IReadOnlyList<LoggedStep> history, string path)
    {
        if (history.Count == 0) return false;
        var plot = new Plot();
        Line(plot, history, "d_loss", "discriminator loss", Colors.SteelBlue);
        Line(plot, history, "g_loss", "generator loss", Colors.DarkOrange);
        if (Line(plot, history, "penalty", "penalty (right axis)", Colors.Gray) is { } penalty)
        {
            penalty.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "penalty";
        }
        StepAxis(plot, history);
        plot.Title("Losses (mean over each logging interval)");
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, Width, LossesHeight);
        return true;
    }

    /// <summary>
    /// One panel per metric of <paramref name="metrics"/> (names and directions), its evaluations
    /// over the steps, the best checkpoint's step as a dashed line on its metric's panel; false when no
    /// evaluation is logged yet.
    /// </summary>
    public static bool Metrics(IReadOnlyList<LoggedStep> history, MetricSet metrics, BestCheckpoint? best, string path)
    {
        var drawn = metrics.Where(m => history.Any(h => h[m.Name] is not null)).ToArray();
        if (drawn.Length == 0) return false;
        var multiplot = new Multiplot();
        multiplot.AddPlots(drawn.Length);
        var columns = Math.Min(PanelsPerRow, drawn.Length);
        var rows = (drawn.Length + columns - 1) / columns;
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (var i = 0; i < drawn.Length; i++)
        {
            var plot = multiplot.GetPlot(i);
            var line = Line(plot, history, drawn[i].Name, null, Colors.SeaGreen)!;
            line.MarkerSize = 5;
            StepAxis(plot, history);
            plot.Title($"{drawn[i].Name} ({(drawn[i].HigherIsBetter ? "higher" : "lower")} is better)");
            plot.XLabel("step");
            if (best is { Step: { } step } && best.Metric.Name == drawn[i].Name)
            {
                var marker = plot.Add.VerticalLine(step, 1, Colors.OrangeRed, LinePattern.Dashed);
                marker.LegendText = $"best.ckpt (step {step})";
                plot.ShowLegend(Alignment.LowerRight);
            }
        }
        multiplot.SavePng(path, columns * PanelWidth, rows * PanelHeight);
        return true;
    }

    /// <summary>Steps from 0 to a little past the last one, the same on every plot of a run, so that a mark on the last step stays in view.</summary>
    static void StepAxis(Plot plot, IReadOnlyList<LoggedStep> history) =>
        plot.Axes.SetLimitsX(0, Math.Max(1, history[^1].Step) * 1.04);

    static ScottPlot.Plottables.Scatter? Line(Plot plot, IReadOnlyList<LoggedStep> history, string name, string? label, Color color)
    {
        var points = history.Where(h => h[name] is not null).ToArray();
        if (points.Length == 0) return null;
        var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p[name]!.Value).ToArray(), color);
        if (label is not null) line.LegendText = label;
        line.MarkerSize = 0;
        return line;
    }
}
