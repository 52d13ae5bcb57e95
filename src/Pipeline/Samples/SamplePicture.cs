using Functional.Data;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Functional.Samples;

/// <summary>
/// A picture of what a session generates from the run's fixed noise (the same latents every time,
/// drawn on a <see cref="RandomFork"/>, so training is not disturbed): for images a PNG grid, one
/// row per class when the data is labelled; for 2-D points a scatter over the mixture's modes.
/// </summary>
public static class SamplePicture
{
    /// <summary>Images per row of a grid, and rows of an unlabelled grid.</summary>
    public const int GridColumns = 8;

    /// <summary>Rows of a labelled grid at most: classes past it are left out.</summary>
    public const int MaxClassRows = 16;

    public const int ScatterSamples = 1000;

    /// <summary>Held-out pairs a translation picture shows: two per row of the grid.</summary>
    public const int TranslationPairs = 16;

    /// <summary>
    /// Whether <see cref="Write"/> can draw this session's samples: it samples on its own, and they
    /// are 2-D points or images; or it translates, and its data offers held-out pairs of images.
    /// </summary>
    public static bool CanDraw(GanSession session, IBatchSource data) =>
        session.CanSample && (IsPoints(data.SampleShape) || IsImage(data.SampleShape))
        || session.CanTranslate && data is IHeldOutPairs && IsImage(data.SampleShape);

    /// <summary>Writes the picture to <paramref name="path"/> (a PNG); false when <see cref="CanDraw"/> is not.</summary>
    public static Fin<bool> Write(GanSession session, IBatchSource data, string title, string path)
    {
        if (!CanDraw(session, data)) return false;
        var seed = RandomFork.FixedNoiseSeed(session.Options.Seed);
        try
        {
            using var scope = NewDisposeScope();
            if (!session.CanSample) return Translations(session, (IHeldOutPairs)data, path);
            if (IsPoints(data.SampleShape))
            {
                var points = RandomFork.Run(seed, session.Device, () => session.Sample(ScatterSamples)).detach().cpu().to_type(ScalarType.Float64);
                var values = points.data<double>().ToArray();
                var (xs, ys) = (new double[values.Length / 2], new double[values.Length / 2]);
                for (var i = 0; i < xs.Length; i++) (xs[i], ys[i]) = (values[2 * i], values[2 * i + 1]);
                MixtureScatter.Write(xs, ys, (data as IMixtureSource)?.Mixture, title, path);
                return true;
            }
            var rows = data.Classes > 0 ? Math.Min(data.Classes, MaxClassRows) : GridColumns;
            var labels = data.Classes > 0
                ? arange(rows, dtype: ScalarType.Int64, device: session.Device).repeat_interleave(GridColumns)
                : null;
            var images = RandomFork.Run(seed, session.Device, () => session.Sample(rows * GridColumns, labels));
            return SampleExport.PngGrid(images, path, GridColumns).Map(_ => true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.New($"{path}: could not write: {e.Message}");
        }
    }

    static bool IsPoints(IReadOnlyList<long> shape) => shape is [2];

    static bool IsImage(IReadOnlyList<long> shape) => shape is [1 or 3, > 0, > 0];

    /// <summary>
    /// Held-out pairs, each as its source's channels one by one, then the translation, then the
    /// target: for W-Net a row reads content, style, output, truth, twice.
    /// </summary>
    static Fin<bool> Translations(GanSession session, IHeldOutPairs pairs, string path)
    {
        var batch = pairs.HeldOut(TranslationPairs);
        var output = session.Translate(batch);
        var source = batch.Source ?? throw new InvalidOperationException("held-out pairs need a Source");
        var channels = output.size(1);
        var parts = Enumerable.Range(0, (int)(source.size(1) / channels))
            .Select(k => source.narrow(1, k * channels, channels))
            .Append(output)
            .Append(batch.Real)
            .ToArray();
        var tiles = stack(parts, 1).flatten(0, 1);
        return SampleExport.PngGrid(tiles, path, 2 * parts.Length).Map(_ => true);
    }
}
