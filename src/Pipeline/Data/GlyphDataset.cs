using LanguageExt;
using LanguageExt.Common;
using SkiaSharp;
using static TorchSharp.torch;

namespace Functional.Data;

/// <summary>
/// What the glyph set draws: which characters (one class each), how many images, their size, the
/// fonts, and the jitter per image. The default fonts are the six faces of Debian's
/// fonts-dejavu-core, so every machine with that package renders the same set for a seed.
/// </summary>
public sealed record GlyphOptions
{
    public const string DejaVuFolder = "/usr/share/fonts/truetype/dejavu";
    public const string DejaVuPackage = "fonts-dejavu-core";

    public static readonly IReadOnlyList<string> DejaVuCoreFaces =
    [
        "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf",
        "DejaVuSansMono-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
    ];

    public string Characters { get; init; } = "0123456789";
    public int Count { get; init; } = 10_000;
    public int Size { get; init; } = 32;
    /// <summary>Font files to draw with; by default the DejaVu core faces in <see cref="DejaVuFolder"/>.</summary>
    public IReadOnlyList<string> FontFiles { get; init; } = DejaVuCoreFaces.Select(face => Path.Combine(DejaVuFolder, face)).ToArray();
    /// <summary>Glyph height as a fraction of the image, drawn uniformly from this range.</summary>
    public (double Low, double High) Scale { get; init; } = (0.55, 0.8);
    public double MaxRotationDegrees { get; init; } = 15;
    /// <summary>Offset of the glyph's centre from the image's centre, in each direction, as a fraction of the image.</summary>
    public double MaxShift { get; init; } = 0.08;
    /// <summary>An outline stroke added to the fill, widening the strokes, as a fraction of the image; 0 to this.</summary>
    public double MaxStrokeWidth { get; init; } = 0.05;
}

/// <summary>
/// A labelled image set drawn on the fly, so the default needs no download: one class per character
/// of <see cref="GlyphOptions.Characters"/>, white on black, grayscale
/// <see cref="GlyphOptions.Size"/>², each image with its own font, scale, rotation, position and
/// stroke width drawn from a generator seeded with <see cref="DataOptions.Seed"/>. Image i has
/// class i mod classes, so the classes are balanced. Rendered once into memory, then shuffled per epoch.
/// </summary>
public sealed class GlyphDataset : LabelledImageSource
{
    GlyphDataset(LabelledImages data, DataOptions options) : base(data, options) { }

    public static Fin<GlyphDataset> Open(DataOptions options, GlyphOptions? glyphs = null) =>
        Render(options.Seed, glyphs).Bind(data => Serve(data, options, () => new GlyphDataset(data, options)));

    /// <summary>The images and labels alone, deterministic for <paramref name="seed"/>.</summary>
    public static Fin<LabelledImages> Render(long seed, GlyphOptions? glyphs = null)
    {
        var o = glyphs ?? new GlyphOptions();
        if (o.Characters.Length == 0) return Error.New("glyphs: no characters to draw");
        if (o.Characters.Distinct().Count() != o.Characters.Length) return Error.New($"glyphs: the characters \"{o.Characters}\" repeat one");
        if (o.Count < 1 || o.Size < 1) return Error.New($"glyphs: count {o.Count} and size {o.Size} must be positive");
        return LoadFonts(o).Map(faces =>
        {
            try { return Draw(seed, o, faces); }
            finally { foreach (var face in faces) face.Dispose(); }
        });
    }

    static Fin<SKTypeface[]> LoadFonts(GlyphOptions o)
    {
        if (o.FontFiles.Count == 0) return Error.New("glyphs: no font files given");
        var missing = o.FontFiles.Where(file => !File.Exists(file)).ToArray();
        if (missing.Length > 0)
            return Error.New($"glyphs: font file{(missing.Length > 1 ? "s" : "")} not found: {string.Join(", ", missing)} " +
                             $"(install the Debian package {GlyphOptions.DejaVuPackage}: apt-get install {GlyphOptions.DejaVuPackage}; or pass GlyphOptions.FontFiles)");
        var faces = new List<SKTypeface>();
        foreach (var file in o.FontFiles)
        {
            var face = SKTypeface.FromFile(file);
            var absent = face is null ? "" : new string(o.Characters.Where(c => !face.ContainsGlyph(c)).ToArray());
            if (face is null || absent.Length > 0)
            {
                face?.Dispose();
                foreach (var loaded in faces) loaded.Dispose();
                return Error.New(face is null ? $"glyphs: {file}: not a font SkiaSharp can read" : $"glyphs: {file}: has no glyph for \"{absent}\"");
            }
            faces.Add(face);
        }
        return faces.ToArray();
    }

    static LabelledImages Draw(long seed, GlyphOptions o, SKTypeface[] faces)
    {
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        double Uniform(double low, double high) => low + (high - low) * random.NextDouble();

        var plane = o.Size * o.Size;
        var pixels = new byte[(long)o.Count * plane];
        var labels = new long[o.Count];
        using var bitmap = new SKBitmap(new SKImageInfo(o.Size, o.Size, SKColorType.Gray8, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };
        using var font = new SKFont { Subpixel = true, Edging = SKFontEdging.Antialias };
        for (var i = 0; i < o.Count; i++)
        {
            var label = i % o.Characters.Length;
            var text = o.Characters[label].ToString();
            font.Typeface = faces[random.Next(faces.Length)];
            var height = Uniform(o.Scale.Low, o.Scale.High) * o.Size;
            var angle = Uniform(-o.MaxRotationDegrees, o.MaxRotationDegrees);
            var (dx, dy) = (Uniform(-o.MaxShift, o.MaxShift) * o.Size, Uniform(-o.MaxShift, o.MaxShift) * o.Size);
            var stroke = Uniform(0, o.MaxStrokeWidth) * o.Size;

            // Measured at a reference size, then scaled so that the glyph's ink is `height` tall.
            font.Size = 100;
            font.MeasureText(text, out var bounds);
            var scale = (float)(height / Math.Max(bounds.Height, 1e-3f));
            paint.Style = stroke > 0.05 ? SKPaintStyle.StrokeAndFill : SKPaintStyle.Fill;
            paint.StrokeWidth = (float)(stroke / scale);

            canvas.Clear(SKColors.Black);
            canvas.Save();
            canvas.Translate((float)(o.Size / 2.0 + dx), (float)(o.Size / 2.0 + dy));
            canvas.RotateDegrees((float)angle);
            canvas.Scale(scale);
            canvas.DrawText(text, -bounds.MidX, -bounds.MidY, SKTextAlign.Left, font, paint);
            canvas.Restore();
            canvas.Flush();

            bitmap.GetPixelSpan().CopyTo(pixels.AsSpan(i * plane, plane));
            labels[i] = label;
        }
        using var scope = NewDisposeScope();
        return new LabelledImages(
            LabelledImages.FromBytes(pixels, o.Count, 1, o.Size, o.Size),
            tensor(labels),
            o.Characters.Select(c => c.ToString()).ToArray());
    }
}
