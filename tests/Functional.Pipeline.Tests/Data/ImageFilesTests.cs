using Functional.Data;
using Functional.Tests.Support;
using SkiaSharp;
using Xunit;
using static Functional.Tests.Support.Fins;
using static TorchSharp.torch;

namespace Functional.Tests.Data;

/// <summary>`train --data PATH`: which loader a folder gets, and the errors for paths that are not data folders.</summary>
public sealed class ImageFilesTests : IDisposable
{
    readonly TempFolder folder = new();
    static readonly ImageFolderOptions Gray32 = new(Size: 8, Color: ImageColor.Grayscale);
    static DataOptions Options(string path) => new(BatchSize: 2, Seed: 0, CPU, path);

    public void Dispose() => folder.Dispose();

    void WritePair(string prefix, int count, int classes)
    {
        folder.Write($"mnist/{prefix}-images-idx3-ubyte", IdxFiles.Bytes(IdxDataset.ImagesMagic, [count, 4, 4], new byte[count * 16]));
        folder.Write($"mnist/{prefix}-labels-idx1-ubyte", IdxFiles.Bytes(IdxDataset.LabelsMagic, [count], Enumerable.Range(0, count).Select(n => (byte)(n % classes)).ToArray()));
    }

    static byte[] Png(SKColor color)
    {
        using var bitmap = new SKBitmap(5, 5);
        bitmap.Erase(color);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    [Fact]
    public void A_folder_with_an_idx_pair_is_read_as_idx_resized_to_the_asked_size()
    {
        WritePair("train", count: 12, classes: 4);
        WritePair("t10k", count: 6, classes: 4);
        using var data = Success(ImageFiles.Open(folder["mnist"], Options(folder["mnist"]), Gray32));
        Assert.IsType<IdxDataset>(data);
        Assert.Equal([1L, 8, 8], data.SampleShape);
        Assert.Equal(4, data.Classes);
        Assert.Equal(12, ((IdxDataset)data).Data.Count);
    }

    [Fact]
    public void A_folder_of_class_subfolders_is_read_as_images()
    {
        folder.Write("shapes/a/1.png", Png(SKColors.White));
        folder.Write("shapes/b/1.png", Png(SKColors.Black));
        using var data = Success(ImageFiles.Open(folder["shapes"], Options(folder["shapes"]), Gray32));
        Assert.IsType<ImageFolderDataset>(data);
        Assert.Equal(2, data.Classes);
    }

    [Fact]
    public void Paths_that_are_not_data_folders_are_named()
    {
        Failure(ImageFiles.Open(folder["missing"], Options(folder["missing"]), Gray32), folder["missing"], "data folder not found");
        var file = folder.Write("file.bin", [1, 2, 3]);
        Failure(ImageFiles.Open(file, Options(file), Gray32), file, "is a file");
        Directory.CreateDirectory(folder["empty"]);
        Failure(ImageFiles.Open(folder["empty"], Options(folder["empty"]), Gray32), folder["empty"], "empty folder");
    }

    [Fact]
    public void An_idx_images_file_without_its_labels_or_two_pairs_without_a_train_pair_are_named()
    {
        folder.Write("lonely/x-images-idx3-ubyte", IdxFiles.Bytes(IdxDataset.ImagesMagic, [1, 4, 4], new byte[16]));
        Failure(ImageFiles.Open(folder["lonely"], Options(folder["lonely"]), Gray32), "x-labels-idx1-ubyte", "is missing");

        folder.Write("two/a-images-idx3-ubyte", IdxFiles.Bytes(IdxDataset.ImagesMagic, [1, 4, 4], new byte[16]));
        folder.Write("two/b-images-idx3-ubyte", IdxFiles.Bytes(IdxDataset.ImagesMagic, [1, 4, 4], new byte[16]));
        Failure(ImageFiles.Open(folder["two"], Options(folder["two"]), Gray32), "2 IDX image files", "none starts with 'train'");

        Failure(ImageFiles.Open(folder["two"], Options(folder["two"]), Gray32 with { Color = ImageColor.Rgb }), "IDX images are grayscale");
    }
}
