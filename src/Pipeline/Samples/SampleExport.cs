using System.Globalization;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using SkiaSharp;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Functional.Samples;

/// <summary>
/// Writes generated samples for tools outside this library: CSV for 2-D points, a PNG grid and a
/// NumPy .npy file for images. Each returns the problem as an error naming the path.
/// </summary>
public static class SampleExport
{
    /// <summary>Pixels between and around the images of a grid, as torchvision's make_grid.</summary>
    public const int GridPadding = 2;

    /// <summary>A header row (x,y for two columns, x0,x1,… otherwise) and one row per sample, invariant culture, round-trip precision.</summary>
    public static Fin<Unit> Csv(Tensor samples2d, string path)
    {
        if (samples2d.dim() != 2) return Error.New($"{path}: CSV samples must be [N, D], got [{Shape(samples2d)}]");
        using var scope = NewDisposeScope();
        var (rows, columns) = (samples2d.size(0), samples2d.size(1));
        var values = samples2d.detach().to(CPU).to_type(float64).data<double>().ToArray();
        var text = new StringBuilder();
        text.AppendLine(columns == 2 ? "x,y" : string.Join(",", Enumerable.Range(0, (int)columns).Select(c => $"x{c}")));
        for (long r = 0; r < rows; r++)
            text.AppendLine(string.Join(",", Enumerable.Range(0, (int)columns).Select(c => values[r * columns + c].ToString("R", CultureInfo.InvariantCulture))));
        return Write(path, () => File.WriteAllText(path, text.ToString()));
    }

    /// <summary>
    /// Images [N, C, H, W] with C = 1 (gray) or 3 (RGB), values in [−1, 1] (clamped), as one PNG:
    /// <paramref name="columns"/> per row, <see cref="GridPadding"/> black pixels around each, so the
    /// picture is columns·(W+2)+2 wide and rows·(H+2)+2 tall.
    /// </summary>
    public static Fin<Unit> PngGrid(Tensor images, string path, int columns)
    {
        if (images.dim() != 4 || images.size(1) is not (1 or 3))
            return Error.New($"{path}: a PNG grid needs images [N, 1 or 3, H, W], got [{Shape(images)}]");
        if (columns < 1) return Error.New($"{path}: a PNG grid needs at least one column, got {columns}");
        if (images.size(0) == 0) return Error.New($"{path}: no images to draw");

        using var scope = NewDisposeScope();
        var (count, channels, height, width) = ((int)images.size(0), (int)images.size(1), (int)images.size(2), (int)images.size(3));
        var bytes = images.detach().to(CPU).to_type(float32).clamp(-1, 1).add(1).mul(127.5).round().to_type(ScalarType.Byte)
            .permute(0, 2, 3, 1).contiguous().data<byte>().ToArray();   // N, H, W, C
        var cols = Math.Min(columns, count);
        var rows = (count + cols - 1) / cols;
        var info = new SKImageInfo(cols * (width + GridPadding) + GridPadding, rows * (height + GridPadding) + GridPadding,
            SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        bitmap.Erase(SKColors.Black);
        var pixels = bitmap.GetPixelSpan();
        for (var n = 0; n < count; n++)
        {
            var (top, left) = (GridPadding + n / cols * (height + GridPadding), GridPadding + n % cols * (width + GridPadding));
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var source = ((n * height + y) * width + x) * channels;
                var target = ((top + y) * info.Width + left + x) * 4;
                pixels[target] = bytes[source];
                pixels[target + 1] = bytes[source + (channels == 3 ? 1 : 0)];
                pixels[target + 2] = bytes[source + (channels == 3 ? 2 : 0)];
                pixels[target + 3] = 255;
            }
        }
        return Write(path, () =>
        {
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            using var file = File.Create(path);
            data.SaveTo(file);
        });
    }

    /// <summary>
    /// A NumPy .npy file (format 1.0: magic, header dict, raw little-endian C-order data), readable
    /// with numpy.load. Kept dtypes: float32, float64, int64, int32, uint8; others are an error.
    /// </summary>
    public static Fin<Unit> TensorFile(Tensor samples, string path)
    {
        var descr = samples.dtype switch
        {
            ScalarType.Float32 => "<f4",
            ScalarType.Float64 => "<f8",
            ScalarType.Int64 => "<i8",
            ScalarType.Int32 => "<i4",
            ScalarType.Byte => "|u1",
            var other => null as string,
        };
        if (descr is null) return Error.New($"{path}: .npy export takes float32, float64, int64, int32 or uint8 tensors, not {samples.dtype}");
        if (!BitConverter.IsLittleEndian) return Error.New($"{path}: .npy export is written little-endian and this machine is not");

        using var scope = NewDisposeScope();
        var data = samples.detach().to(CPU).contiguous();
        var shape = data.dim() == 1 ? $"({data.size(0)},)" : $"({string.Join(", ", data.shape)})";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        // Magic (6) + version (2) + length (2) + header + '\n', padded with spaces to a multiple of 64.
        var padded = header.PadRight((10 + header.Length + 1 + 63) / 64 * 64 - 10 - 1) + "\n";
        return Write(path, () =>
        {
            using var file = File.Create(path);
            file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            file.Write(BitConverter.GetBytes((ushort)padded.Length));
            file.Write(Encoding.ASCII.GetBytes(padded));
            file.Write(data.bytes);
        });
    }

    static string Shape(Tensor t) => string.Join(", ", t.shape);

    static Fin<Unit> Write(string path, Action write)
    {
        try
        {
            write();
            return unit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Error.New($"{path}: could not write: {e.Message}");
        }
    }
}
