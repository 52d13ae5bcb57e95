using ScottPlot;

namespace Functional.Training;

/// <summary>
/// An ablation's plot: one panel per metric, one horizontal bar per variant (the first on top) at
/// its mean with an error bar of one standard deviation, the panel's title saying which way is
/// better; a variant without finished runs gets an empty grey bar. Drawn with ScottPlot 5.
/// </summary>
public static class AblationPlot
{
    const int PanelWidth = 560;
    const int PanelHeight = 300;
    const int PanelsPerRow = 2;

    public static void Write(IReadOnlyList<AblationRow> rows, string path)
    {
        var metrics = rows.SelectMany(r => r.Summary).DistinctBy(s => s.Name).ToArray();
        if (metrics.Length == 0) throw new ArgumentException("no finished runs to plot", nameof(rows));
        var multiplot = new Multiplot();
        multiplot.AddPlots(metrics.Length);
        var columns = Math.Min(PanelsPerRow, metrics.Length);
        var panelRows = (metrics.Length + columns - 1) / columns;
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(panelRows, columns);
        double Position(int row) => rows.Count - 1 - row;
        var ticks = rows.Select((row, i) => new Tick(Position(i), row.Variant)).ToArray();
        for (var m = 0; m < metrics.Length; m++)
        {
            var plot = multiplot.GetPlot(m);
            var bars = rows.Select((row, i) => row.Summary.FirstOrDefault(s => s.Name == metrics[m].Name) is { Name: not null } s
                ? new Bar { Position = Position(i), Value = s.Mean, Error = s.StandardDeviation, FillColor = Colors.SteelBlue }
                : new Bar { Position = Position(i), Value = 0, FillColor = Colors.LightGray }).ToList();
            plot.Add.Bars(bars).Horizontal = true;
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
            plot.Axes.Left.MajorTickStyle.Length = 0;
            plot.Axes.Margins(left: 0);
            plot.Title($"{metrics[m].Name} ({(metrics[m].HigherIsBetter ? "higher" : "lower")} is better)");
        }
        multiplot.SavePng(path, columns * PanelWidth, panelRows * PanelHeight);
    }
}
