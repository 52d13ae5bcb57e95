using Functional.Data;
using ScottPlot;

namespace Functional.Samples;

/// <summary>
/// 2-D samples as a ScottPlot scatter, over the modes of the mixture they imitate (open rings at
/// the means) when it is known. The view is framed on the modes, not the samples, so that pictures
/// of one run are comparable from step to step and a sample far off the target simply leaves the frame.
/// </summary>
public static class MixtureScatter
{
    public const int Size = 600;

    public static void Write(double[] xs, double[] ys, GaussianMixture? mixture, string title, string path)
    {
        var plot = new Plot();
        var points = plot.Add.ScatterPoints(xs, ys, Colors.SteelBlue.WithAlpha(0.45));
        points.MarkerSize = 3;
        points.LegendText = $"{xs.Length} samples";
        if (mixture is not null)
        {
            var (mx, my) = Means(mixture);
            var modes = plot.Add.Markers(mx, my, MarkerShape.OpenCircle, 14, Colors.OrangeRed);
            modes.LegendText = $"{mixture.Modes} modes";
            var (left, right, bottom, top) = Frame(mx, my);
            plot.Axes.SetLimits(left, right, bottom, top);
        }
        plot.Axes.SquareUnits();
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Size, Size);
    }

    static (double[] X, double[] Y) Means(GaussianMixture mixture)
    {
        var (x, y) = (new double[mixture.Modes], new double[mixture.Modes]);
        for (var i = 0; i < mixture.Modes; i++) (x[i], y[i]) = (mixture.Means[i, 0], mixture.Means[i, 1]);
        return (x, y);
    }

    /// <summary>A square around the means with a third of their extent as margin on each side.</summary>
    static (double Left, double Right, double Bottom, double Top) Frame(double[] x, double[] y)
    {
        var (cx, cy) = ((x.Min() + x.Max()) / 2, (y.Min() + y.Max()) / 2);
        var half = Math.Max(Math.Max(x.Max() - x.Min(), y.Max() - y.Min()), 1.0) * (0.5 + 1.0 / 3);
        return (cx - half, cx + half, cy - half, cy + half);
    }
}
