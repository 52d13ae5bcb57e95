using Functional.Data;
using Functional.Tests.Support;
using SkiaSharp;
using Xunit;
using static Functional.Tests.Support.Fins;
using static TorchSharp.torch;

namespace Functional.Tests.Data;

public sealed class ImageFolderDatasetTests : IDisposable
{
    readonly TempFolder folder = new();

    /// <summary>A solid-colour image, encoded.</summary>
    static byte[] Solid(SKColor color, int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var data = bitmap.Encode(format, 95);
        return data.ToArray();
    }

    static readonly SKColor Red = new(255, 0, 0);
    static readonly SKColor Gray = new(51, 51, 51);

    void WriteGoodSet()
    {
        folder.Write("set/cats/a.png", Solid(Red, 8, 6));
        folder.Write("set/cats/b.PNG", Solid(Red, 4, 4));
        folder.Write("set/dogs/c.jpg", Solid(Gray, 16, 16, SKEncodedImageFormat.Jpeg));
    }

    [Fact]
    public void Reads_one_class_per_subfolder_resized_and_in_grayscale()
    {
        WriteGoodSet();

        using var data = Success(ImageFolderDataset.Read(folder["set"], new ImageFolderOptions(Size: 4)));

        Assert.Equal([3L, 1, 4, 4], data.Images.shape);
        Assert.Equal(["cats", "dogs"], data.ClassNames);
        Assert.Equal([0L, 0, 1], data.Labels.data<long>().ToArray());
        // Red has luma 0.299·255 ≈ 76; the JPEG gray stays near 51.
        Assert.Equal(76 / 127.5 - 1, data.Images[0].mean().item<float>(), 0.01);
        Assert.Equal(51 / 127.5 - 1, data.Images[2].mean().item<float>(), 0.03);
    }

    [Fact]
    public void Reads_rgb()
    {
        WriteGoodSet();

        using var data = Success(ImageFolderDataset.Read(folder["set"], new ImageFolderOptions(Size: 4, ImageColor.Rgb)));

        Assert.Equal([3L, 3, 4, 4], data.Images.shape);
        Assert.Equal([1f, -1f, -1f], data.Images[0].mean([1, 2]).data<float>().ToArray(), new FloatTolerance(1e-5f));
    }

    [Fact]
    public void Serves_labelled_batches()
    {
        WriteGoodSet();
        using var source = Success(ImageFolderDataset.Open(folder["set"], new DataOptions(3, 2, CPU), new ImageFolderOptions(Size: 4)));
        using var scope = NewDisposeScope();

        var batch = source.Next();

        Assert.Equal(2, source.Classes);
        Assert.Equal([0L, 0, 1], batch.Labels!.sort().Values.data<long>().ToArray());
    }

    [Fact]
    public void A_missing_folder_is_named() =>
        Failure(ImageFolderDataset.Read(folder["nowhere"]), folder["nowhere"], "not found");

    [Fact]
    public void An_empty_folder_is_named()
    {
        Directory.CreateDirectory(folder["empty"]);

        Failure(ImageFolderDataset.Read(folder["empty"]), folder["empty"], "empty folder");
    }

    [Fact]
    public void A_class_folder_without_images_is_named()
    {
        WriteGoodSet();
        Directory.CreateDirectory(folder["set/birds"]);

        Failure(ImageFolderDataset.Read(folder["set"]), folder["set/birds"], "class folder is empty");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, "cut.png")]
    [InlineData(SKEncodedImageFormat.Jpeg, "cut.jpeg")]
    public void A_truncated_image_is_named(SKEncodedImageFormat format, string name)
    {
        WriteGoodSet();
        using var bitmap = new SKBitmap(64, 64);
        for (var y = 0; y < 64; y++)
        for (var x = 0; x < 64; x++)
            bitmap.SetPixel(x, y, new SKColor((byte)(x * 4), (byte)(y * 4), (byte)(x * y)));
        var encoded = bitmap.Encode(format, 95).ToArray();
        folder.Write($"set/dogs/{name}", encoded[..(encoded.Length / 2)]);

        Failure(ImageFolderDataset.Read(folder["set"]), folder[$"set/dogs/{name}"], "truncated");
    }

    [Fact]
    public void A_corrupt_image_is_named()
    {
        WriteGoodSet();
        folder.Write("set/dogs/noise.jpg", Enumerable.Range(0, 200).Select(i => (byte)(i * 37)).ToArray());

        Failure(ImageFolderDataset.Read(folder["set"]), folder["set/dogs/noise.jpg"], "not a decodable PNG or JPEG");
    }

    [Fact]
    public void Stray_files_are_errors_not_skipped_and_every_problem_is_listed()
    {
        WriteGoodSet();
        folder.Write("set/notes.txt", [1]);
        folder.Write("set/cats/.DS_Store", [1]);

        var message = Failure(ImageFolderDataset.Read(folder["set"]), "2 problems", folder["set/notes.txt"], folder["set/cats/.DS_Store"]);
        Assert.Contains("not a PNG or JPEG", message);
    }

    [Fact]
    public void Reads_a_folder_of_images_without_subfolders_as_unlabelled()
    {
        folder.Write("photos/a.png", Solid(Red, 8, 8));
        folder.Write("photos/b.jpg", Solid(Gray, 6, 6, SKEncodedImageFormat.Jpeg));
        using var source = Success(ImageFolderDataset.Open(folder["photos"], new DataOptions(2, 0, CPU), new ImageFolderOptions(Size: 4, ImageColor.Rgb)));
        using var scope = NewDisposeScope();

        var batch = source.Next();

        Assert.Equal(0, source.Classes);
        Assert.Equal([3L, 4, 4], source.SampleShape);
        Assert.Null(batch.Labels);
        Assert.Equal([2L, 3, 4, 4], batch.Real.shape);
    }

    [Fact]
    public void Crops_the_centre_of_an_image_that_is_not_square_or_stretches_it_when_asked()
    {
        // 12×4: blue, green and red thirds; the centred 4×4 square is the green one.
        using var bitmap = new SKBitmap(12, 4);
        for (var x = 0; x < 12; x++)
        for (var y = 0; y < 4; y++)
            bitmap.SetPixel(x, y, x < 4 ? new SKColor(0, 0, 255) : x < 8 ? new SKColor(0, 255, 0) : new SKColor(255, 0, 0));
        folder.Write("wide/strip.png", bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray());

        using var cropped = Success(ImageFolderDataset.Read(folder["wide"], new ImageFolderOptions(Size: 2, ImageColor.Rgb)));
        using var stretched = Success(ImageFolderDataset.Read(folder["wide"], new ImageFolderOptions(Size: 2, ImageColor.Rgb, ImageFit.Stretch)));

        Assert.Equal([-1f, 1f, -1f], cropped.Images[0].mean([1, 2]).data<float>().ToArray(), new FloatTolerance(0.02f));
        Assert.True(stretched.Images[0, 0].mean().item<float>() > -0.5 && stretched.Images[0, 2].mean().item<float>() > -0.5, "stretching keeps red and blue");
    }

    [Fact]
    public void Images_beside_class_subfolders_and_stray_files_in_an_unlabelled_folder_are_named()
    {
        WriteGoodSet();
        folder.Write("set/loose.png", Solid(Red, 4, 4));
        Failure(ImageFolderDataset.Read(folder["set"]), folder["set/loose.png"], "an image beside class subfolders");

        folder.Write("photos/a.png", Solid(Red, 4, 4));
        folder.Write("photos/readme.txt", [1]);
        Failure(ImageFolderDataset.Read(folder["photos"]), folder["photos/readme.txt"], "not a PNG or JPEG");
    }

    public void Dispose() => folder.Dispose();
}
