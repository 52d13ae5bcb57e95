using SkiaSharp;

namespace Functional.Data.Fonts;

/// <summary>
/// Draws one character of one face as a grayscale image, white ink on black: at a fixed font size
/// (<see cref="EmFraction"/> of the image, so a face's glyphs keep their sizes relative to each
/// other and to other faces), centred on its ink's bounding box, and shrunk only when its ink
/// would leave the image. Anti-aliased; the same face, character and size always give the same bytes.
/// </summary>
public sealed class GlyphRenderer : IDisposable
{
    /// <summary>The font size as a fraction of the image side.</summary>
    public const float EmFraction = 0.85f;

    /// <summary>The most of the image side that a glyph's ink may span.</summary>
    public const float MaxInkFraction = 0.94f;

    /// <summary>A pixel at or above this value (of 255) counts as ink.</summary>
    public const byte InkLevel = 128;

    /// <summary>
    /// The least share of the image that a glyph's ink must cover: a face whose character map lists
    /// a character but draws nothing for it (setofont-ex does) falls below it; the thinnest real
    /// glyph (一) covers several times more at any size this library renders.
    /// </summary>
    public const double MinInkShare = 0.004;

    readonly SKBitmap bitmap;
    readonly SKCanvas canvas;
    readonly SKPaint paint = new() { Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Fill };
    readonly SKFont font = new() { Subpixel = true, Edging = SKFontEdging.Antialias };

    public GlyphRenderer(int size)
    {
        if (size < 8) throw new ArgumentOutOfRangeException(nameof(size), size, "glyph images must be at least 8×8");
        Size = size;
        bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque));
        canvas = new SKCanvas(bitmap);
    }

    public int Size { get; }

    /// <summary>Whether <paramref name="face"/>'s character map has a glyph for <paramref name="codepoint"/>.</summary>
    public static bool Covers(SKTypeface face, int codepoint) => face.ContainsGlyph(codepoint);

    /// <summary>The glyph's pixels, row-major, <see cref="Size"/>² bytes (0 background, 255 ink), written into <paramref name="pixels"/>.</summary>
    public void Render(SKTypeface face, int codepoint, Span<byte> pixels)
    {
        if (pixels.Length != Size * Size) throw new ArgumentException($"a {Size}×{Size} glyph needs {Size * Size} bytes, got {pixels.Length}");
        var text = char.ConvertFromUtf32(codepoint);
        font.Typeface = face;
        font.Size = EmFraction * Size;
        font.MeasureText(text, out var bounds, paint);
        var span = Math.Max(bounds.Width, bounds.Height);
        var scale = span > MaxInkFraction * Size ? MaxInkFraction * Size / span : 1f;
        canvas.Clear(SKColors.Black);
        if (span > 0)
        {
            canvas.Save();
            canvas.Translate(Size / 2f, Size / 2f);
            canvas.Scale(scale);
            canvas.DrawText(text, -bounds.MidX, -bounds.MidY, SKTextAlign.Left, font, paint);
            canvas.Restore();
        }
        canvas.Flush();
        bitmap.GetPixelSpan().CopyTo(pixels);
    }

    /// <summary>The share of pixels at or above <see cref="InkLevel"/>.</summary>
    public static double InkShare(ReadOnlySpan<byte> pixels)
    {
        var ink = 0;
        foreach (var p in pixels) if (p >= InkLevel) ink++;
        return pixels.Length == 0 ? 0 : (double)ink / pixels.Length;
    }

    /// <summary>Whether a rendered glyph has ink: a listed glyph that draws nothing does not.</summary>
    public static bool HasInk(ReadOnlySpan<byte> pixels) => InkShare(pixels) >= MinInkShare;

    public void Dispose()
    {
        font.Dispose();
        paint.Dispose();
        canvas.Dispose();
        bitmap.Dispose();
    }
}
