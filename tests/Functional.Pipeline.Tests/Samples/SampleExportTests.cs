using System.Globalization;
using System.Text;
using Functional.Samples;
using Functional.Tests.Support;
using SkiaSharp;
using Xunit;
using static Functional.Tests.Support.Fins;
using static TorchSharp.torch;

namespace Functional.Tests.Samples;

public sealed class SampleExportTests : IDisposable
{
    readonly TempFolder folder = new();

    [Fact]
    public void Csv_has_a_header_and_one_row_per_sample_that_read_back_exactly()
    {
        var samples = Tensors.Normal(1, float32, 7, 2);

        Success(SampleExport.Csv(samples, folder["s.csv"]));

        var lines = File.ReadAllLines(folder["s.csv"]);
        Assert.Equal("x,y", lines[0]);
        Assert.Equal(7, lines.Length - 1);
        var read = lines[1..].SelectMany(l => l.Split(',')).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(samples.data<float>().ToArray(), read);
    }

    [Fact]
    public void Png_grid_decodes_back_to_the_grid_size_with_the_pixels_mapped_to_bytes()
    {
        // 5 gray 3×4 images, image n filled with −1 + n/2 (−1 → 0, 1 → 255).
        var images = stack(Enumerable.Range(0, 5).Select(n => full([1, 3, 4], -1 + n / 2.0)).ToArray());

        Success(SampleExport.PngGrid(images, folder["g.png"], columns: 2));

        using var decoded = SKBitmap.Decode(folder["g.png"]);
        Assert.Equal(2 * (4 + 2) + 2, decoded.Width);
        Assert.Equal(3 * (3 + 2) + 2, decoded.Height);
        Assert.Equal(new SKColor(0, 0, 0), decoded.GetPixel(2, 2));            // image 0, top left
        Assert.Equal(new SKColor(64, 64, 64), decoded.GetPixel(2 + 6, 2));     // image 1: −0.5 → 63.75 → 64
        Assert.Equal(new SKColor(255, 255, 255), decoded.GetPixel(2, 2 + 10)); // image 4
        Assert.Equal(new SKColor(0, 0, 0), decoded.GetPixel(2 + 6, 2 + 10));   // no image 5: background
    }

    [Fact]
    public void Png_grid_keeps_rgb_channels()
    {
        var red = tensor(new float[] { 1, -1, -1 }).reshape(1, 3, 1, 1).expand(1, 3, 2, 2);

        Success(SampleExport.PngGrid(red, folder["r.png"], columns: 4));

        using var decoded = SKBitmap.Decode(folder["r.png"]);
        Assert.Equal((1 * (2 + 2) + 2, 6), (decoded.Width, decoded.Height));
        Assert.Equal(new SKColor(255, 0, 0), decoded.GetPixel(3, 3));
    }

    [Fact]
    public void Tensor_file_is_a_npy_with_shape_dtype_and_raw_data()
    {
        var samples = arange(24, dtype: float32).reshape(2, 3, 4);

        Success(SampleExport.TensorFile(samples, folder["t.npy"]));

        var bytes = File.ReadAllBytes(folder["t.npy"]);
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], bytes[..8]);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'shape': (2, 3, 4)", header);
        Assert.EndsWith("\n", header);
        var data = new float[24];
        Buffer.BlockCopy(bytes, 10 + headerLength, data, 0, 24 * 4);
        Assert.Equal(samples.flatten().data<float>().ToArray(), data);
    }

    [Fact]
    public void Tensor_file_of_a_view_holds_the_view_s_elements()
    {
        var view = arange(48, dtype: int64).reshape(4, 3, 4).narrow(0, 2, 2);

        Success(SampleExport.TensorFile(view, folder["v.npy"]));

        var bytes = File.ReadAllBytes(folder["v.npy"]);
        var dataStart = 10 + BitConverter.ToUInt16(bytes, 8);
        Assert.Contains("'descr': '<i8'", Encoding.ASCII.GetString(bytes, 10, dataStart - 10));
        Assert.Equal(dataStart + 24 * 8, bytes.Length);
        Assert.Equal(Enumerable.Range(24, 24).Select(v => (long)v), Enumerable.Range(0, 24).Select(i => BitConverter.ToInt64(bytes, dataStart + 8 * i)));
    }

    [Fact]
    public void Bad_shapes_and_unwritable_paths_are_errors_naming_the_path()
    {
        Failure(SampleExport.Csv(zeros(3), folder["a.csv"]), folder["a.csv"], "[N, D]");
        Failure(SampleExport.PngGrid(zeros(2, 2, 4, 4), folder["a.png"], 2), folder["a.png"], "1 or 3");
        Failure(SampleExport.TensorFile(zeros(2, dtype: ScalarType.Bool), folder["a.npy"]), folder["a.npy"], "Bool");
        var unwritable = folder["no/such/folder/s.csv"];
        Failure(SampleExport.Csv(zeros(3, 2), unwritable), unwritable, "could not write");
    }

    public void Dispose() => folder.Dispose();
}
