using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Data;

/// <summary>A data source could not be opened: the message names the file or folder and what is wrong.</summary>
public sealed class DataException(string message) : Exception(message);

public static class DataResults
{
    /// <summary>The value, or a <see cref="DataException"/> with the error's message: for [Data] methods, whose callers report it.</summary>
    public static T OrThrow<T>(this Fin<T> result) => result.Match(value => value, error => throw new DataException(error.Message));
}

/// <summary>
/// Images from a path given on the command line (`train --data PATH`): a folder of PNG/JPEG images,
/// unlabelled, or of class subfolders of them (<see cref="ImageFolderDataset"/>), or a folder that holds one
/// MNIST-format pair <c>*images-idx3-ubyte</c> / <c>*labels-idx1-ubyte</c>, optionally gzip'd
/// (<see cref="IdxDataset"/>; with several, the <c>train</c> pair).
/// </summary>
public static class ImageFiles
{
    public static Fin<IBatchSource> Open(string path, DataOptions options, ImageFolderOptions look)
    {
        if (File.Exists(path)) return Error.New($"{path}: is a file; --data takes a folder (of images, of class subfolders of images, or with an IDX image/label pair)");
        if (!Directory.Exists(path)) return Error.New($"{path}: data folder not found");
        var idx = Directory.GetFiles(path).Where(f => Path.GetFileName(f).Contains("images-idx3", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToArray();
        if (idx.Length == 0)
            return ImageFolderDataset.Open(path, options, look).Map(IBatchSource (d) => d);
        if (look.Color != ImageColor.Grayscale)
            return Error.New($"{path}: IDX images are grayscale, this experiment wants {look.Color} images");
        var images = idx.Length == 1 ? idx[0] : idx.FirstOrDefault(f => Path.GetFileName(f).StartsWith("train", StringComparison.OrdinalIgnoreCase));
        if (images is null)
            return Error.New($"{path}: holds {idx.Length} IDX image files ({string.Join(", ", idx.Select(Path.GetFileName))}) and none starts with 'train'; keep one pair in the folder");
        var labels = Path.Combine(path, Path.GetFileName(images).Replace("images-idx3", "labels-idx1", StringComparison.OrdinalIgnoreCase));
        if (!File.Exists(labels))
            return Error.New($"{images}: its labels file {labels} is missing");
        return IdxDataset.Open(images, labels, options, look.Size).Map(IBatchSource (d) => d);
    }
}
