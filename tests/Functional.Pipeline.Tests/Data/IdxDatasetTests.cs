using System.IO.Compression;
using Functional.Data;
using Functional.Tests.Support;
using Xunit;
using static Functional.Tests.Support.Fins;
using static TorchSharp.torch;

namespace Functional.Tests.Data;

public sealed class IdxDatasetTests : IDisposable
{
    readonly TempFolder folder = new();

    /// <summary>Image n is filled with the value 50·n; its label is n mod 3.</summary>
    static byte[] Images(int count, int side = 4) =>
        IdxFiles.Bytes(IdxDataset.ImagesMagic, [count, side, side], Enumerable.Range(0, count).SelectMany(n => Enumerable.Repeat((byte)(50 * n), side * side)).ToArray());

    static byte[] Labels(int count) => IdxFiles.Bytes(IdxDataset.LabelsMagic, [count], Enumerable.Range(0, count).Select(n => (byte)(n % 3)).ToArray());

    static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    [Fact]
    public void Reads_images_normalized_to_the_unit_range_with_int64_labels()
    {
        var (images, labels) = (folder.Write("i-ubyte", Images(5)), folder.Write("l-ubyte", Labels(5)));

        using var data = Success(IdxDataset.Read(images, labels));

        Assert.Equal([5L, 1, 4, 4], data.Images.shape);
        Assert.Equal(ScalarType.Int64, data.Labels.dtype);
        Assert.Equal([0L, 1, 2, 0, 1], data.Labels.data<long>().ToArray());
        Assert.Equal(["0", "1", "2"], data.ClassNames);
        var firstPixels = data.Images[.., 0, 0, 0].data<float>().ToArray();
        Assert.Equal([-1f, 50 / 127.5f - 1, 100 / 127.5f - 1, 150 / 127.5f - 1, 200 / 127.5f - 1], firstPixels, new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Reads_gzipped_files_and_resizes()
    {
        var (images, labels) = (folder.Write("i.gz", Gzip(Images(4, side: 8))), folder.Write("l.gz", Gzip(Labels(4))));

        using var data = Success(IdxDataset.Read(images, labels, size: 4));

        Assert.Equal([4L, 1, 4, 4], data.Images.shape);
        // A constant image stays that constant when resized.
        Assert.Equal(100 / 127.5 - 1, data.Images[2].mean().item<float>(), 1e-5);
        Assert.Equal(0, (data.Images[2] - data.Images[2].mean()).abs().max().item<float>(), 1e-5);
    }

    [Fact]
    public void Serves_batches_on_the_device()
    {
        var (images, labels) = (folder.Write("i", Images(5)), folder.Write("l", Labels(5)));
        using var source = Success(IdxDataset.Open(images, labels, new DataOptions(2, Seed: 1, CPU)));
        using var scope = NewDisposeScope();

        var batch = source.Next();

        Assert.Equal([2L, 1, 4, 4], batch.Real.shape);
        Assert.Equal(3, source.Classes);
        // Each image's label is its fill value / 50 mod 3: the pairs stay together when shuffled.
        var fill = ((batch.Real[.., 0, 0, 0] + 1) * 127.5 / 50).round().to_type(int64);
        Assert.Equal((fill % 3).data<long>().ToArray(), batch.Labels!.data<long>().ToArray());
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var labels = folder.Write("l", Labels(5));
        var images = folder["absent-images"];

        Failure(IdxDataset.Read(images, labels), images, "not found");
    }

    [Fact]
    public void A_wrong_magic_number_is_named_with_both_numbers()
    {
        var (images, labels) = (folder.Write("i", Labels(5)), folder.Write("l", Labels(5)));

        Failure(IdxDataset.Read(images, labels), images, "wrong magic number 0x00000801", "expected 0x00000803", "looks like a labels file");
    }

    [Fact]
    public void A_truncated_file_says_what_the_header_promised_and_what_is_there()
    {
        var full = Images(5);
        var (images, labels) = (folder.Write("i", full[..^30]), folder.Write("l", Labels(5)));

        Failure(IdxDataset.Read(images, labels), images, "truncated", "5×4×4 = 80 bytes", "file has 50");
    }

    [Fact]
    public void A_truncated_gzip_is_an_error()
    {
        var gz = Gzip(Images(5));
        var (images, labels) = (folder.Write("i.gz", gz[..(gz.Length / 2)]), folder.Write("l", Labels(5)));

        Failure(IdxDataset.Read(images, labels), images, "truncated");
    }

    [Fact]
    public void A_file_shorter_than_its_header_is_truncated()
    {
        var (images, labels) = (folder.Write("i", Images(5)[..9]), folder.Write("l", Labels(5)));

        Failure(IdxDataset.Read(images, labels), images, "truncated", "16-byte header");
    }

    [Fact]
    public void Bytes_beyond_what_the_header_says_are_an_error()
    {
        var (images, labels) = (folder.Write("i", [.. Images(5), 7, 7]), folder.Write("l", Labels(5)));

        Failure(IdxDataset.Read(images, labels), images, "2 bytes beyond");
    }

    [Fact]
    public void Mismatched_image_and_label_counts_name_both_files()
    {
        var (images, labels) = (folder.Write("i", Images(5)), folder.Write("l", Labels(4)));

        Failure(IdxDataset.Read(images, labels), images, "5 images", labels, "4 labels");
    }

    public void Dispose() => folder.Dispose();
}

internal sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(float obj) => 0;
}
