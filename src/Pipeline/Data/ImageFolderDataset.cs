using LanguageExt;
using LanguageExt.Common;
using SkiaSharp;
using static TorchSharp.torch;

namespace Functional.Data;

/// <summary>How images are converted: grayscale (ITU-R 601 luma, as PIL's "L") or RGB.</summary>
public enum ImageColor { Grayscale, Rgb }

/// <summary>How an image that is not square reaches the square size: its centred square cropped, then resized (torchvision's Resize + CenterCrop), or stretched.</summary>
public enum ImageFit { CentreCrop, Stretch }

/// <summary>Target size (square) and colour of an image folder's images, and how a non-square image is fitted.</summary>
public sealed record ImageFolderOptions(int Size = 32, ImageColor Color = ImageColor.Grayscale, ImageFit Fit = ImageFit.CentreCrop)
{
    public int Channels => Color == ImageColor.Rgb ? 3 : 1;
}

/// <summary>
/// A folder of PNG or JPEG images (by extension, case ignored): labelled, one subfolder per class
/// (classes are the subfolders in ordinal name order), or unlabelled, every image in the folder
/// itself and no subfolders. Decoded with SkiaSharp, composited over black where transparent,
/// fitted to the square size (the centred square, or stretched; resized bilinear with mipmaps) and
/// normalized to [−1, 1]. Anything else (a stray file, images beside class subfolders, a nested
/// folder, an undecodable or truncated image) is an error naming it; every problem found is
/// reported at once.
/// </summary>
public sealed class ImageFolderDataset : LabelledImageSource
{
    public static readonly IReadOnlyList<string> Extensions = [".png", ".jpg", ".jpeg"];
    const int ListedProblems = 5;

    ImageFolderDataset(LabelledImages data, DataOptions options) : base(data, options) { }

    public static Fin<ImageFolderDataset> Open(string folder, DataOptions options, ImageFolderOptions? imageOptions = null) =>
        Read(folder, imageOptions).Bind(data => Serve(data, options, () => new ImageFolderDataset(data, options)));

    public static Fin<LabelledImages> Read(string folder, ImageFolderOptions? imageOptions = null)
    {
        var look = imageOptions ?? new ImageFolderOptions();
        if (look.Size < 1) return Error.New($"{folder}: image size {look.Size} must be positive");
        return List(folder).Bind(classes => Decode(folder, classes, look));
    }

    /// <summary>The classes and their files; one class named "" for an unlabelled folder (images and no subfolders).</summary>
    static Fin<(string Name, string[] Files)[]> List(string folder)
    {
        if (!Directory.Exists(folder))
            return Error.New(File.Exists(folder) ? $"{folder}: is a file, expected a folder of images or of class subfolders" : $"{folder}: image folder not found");
        var rootFiles = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
        if (Directory.GetDirectories(folder).Length == 0 && rootFiles.Length > 0) return Unlabelled(folder, rootFiles);
        var problems = new List<string>();
        problems.AddRange(rootFiles.Select(file => IsImage(file)
            ? $"{file}: an image beside class subfolders (put every image in a class subfolder for labelled data, or remove the subfolders for unlabelled data)"
            : $"{file}: a file outside the class subfolders (put images in one subfolder per class)"));
        var classes = Directory.GetDirectories(folder).Order(StringComparer.Ordinal).Select(directory =>
        {
            problems.AddRange(Directory.GetDirectories(directory).Order(StringComparer.Ordinal)
                .Select(nested => $"{nested}: a nested folder (only one level of class subfolders is read)"));
            var files = Directory.GetFiles(directory).Order(StringComparer.Ordinal).ToArray();
            var unsupported = files.Where(file => !IsImage(file)).ToArray();
            problems.AddRange(unsupported.Select(file => $"{file}: not a PNG or JPEG file (expected {string.Join(", ", Extensions)})"));
            if (files.Length == 0) problems.Add($"{directory}: class folder is empty");
            else if (unsupported.Length == files.Length) problems.Add($"{directory}: class folder has no PNG or JPEG images");
            return (Name: Path.GetFileName(directory), Files: files.Where(IsImage).ToArray());
        }).ToArray();
        if (classes.Length == 0 && problems.Count == 0)
            return Error.New($"{folder}: empty folder, expected PNG/JPEG images, or one subfolder of them per class");
        if (classes.Length == 0)
            problems.Add($"{folder}: no class subfolders");
        return problems.Count == 0 ? classes : Combine(folder, problems);
    }

    /// <summary>A folder of images without subfolders: one unnamed class; a file that is not an image is a problem.</summary>
    static Fin<(string Name, string[] Files)[]> Unlabelled(string folder, string[] files)
    {
        var problems = files.Where(file => !IsImage(file))
            .Select(file => $"{file}: not a PNG or JPEG file (expected {string.Join(", ", Extensions)})").ToList();
        if (problems.Count == files.Length) problems.Add($"{folder}: no PNG or JPEG images (and no class subfolders)");
        return problems.Count == 0 ? new[] { (Name: "", Files: files) } : Combine(folder, problems);
    }

    static bool IsImage(string file) => Extensions.Contains(Path.GetExtension(file).ToLowerInvariant());

    static Fin<LabelledImages> Decode(string folder, (string Name, string[] Files)[] classes, ImageFolderOptions look)
    {
        var count = classes.Sum(c => c.Files.Length);
        var plane = look.Size * look.Size;
        var pixels = new byte[(long)count * look.Channels * plane];
        var labels = new long[count];
        var problems = new List<string>();
        var index = 0;
        for (var label = 0; label < classes.Length; label++)
        foreach (var file in classes[label].Files)
        {
            var problem = DecodeInto(file, look, pixels.AsSpan(index * look.Channels * plane, look.Channels * plane));
            if (problem is not null) problems.Add($"{file}: {problem}");
            labels[index++] = label;
        }
        if (problems.Count > 0) return Combine(folder, problems);
        using var scope = NewDisposeScope();
        var images = LabelledImages.FromBytes(pixels, count, look.Channels, look.Size, look.Size);
        return classes is [{ Name: "" }]
            ? LabelledImages.Unlabelled(images)
            : new LabelledImages(images, tensor(labels), classes.Select(c => c.Name).ToArray());
    }

    /// <summary>Decodes one file into <paramref name="target"/> as C×H×W bytes; the problem, or null.</summary>
    static string? DecodeInto(string file, ImageFolderOptions look, Span<byte> target)
    {
        using var codec = SKCodec.Create(file, out var opened);
        if (codec is null) return $"not a decodable PNG or JPEG ({Describe(opened)})";
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success) return Describe(result);

        var size = new SKImageInfo(look.Size, look.Size, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var fitted = Fit(decoded, look.Fit);
        if (fitted is null) return $"could not crop the centre of {info.Width}×{info.Height}";
        using var resized = fitted.Width == look.Size && fitted.Height == look.Size
            ? fitted.Copy()
            : fitted.Resize(size, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (resized is null) return $"could not be resized from {info.Width}×{info.Height} to {look.Size}×{look.Size}";

        var rgba = resized.GetPixelSpan();
        var plane = look.Size * look.Size;
        for (var i = 0; i < plane; i++)
        {
            var (r, g, b) = (rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]);
            if (look.Color == ImageColor.Rgb)
                (target[i], target[plane + i], target[2 * plane + i]) = (r, g, b);
            else
                target[i] = (byte)Math.Clamp(Math.Round(0.299 * r + 0.587 * g + 0.114 * b), 0, 255);
        }
        return null;
    }

    /// <summary>The image to resize: its centred square (the longer side's excess split evenly, the odd pixel on the far side), or all of it to stretch.</summary>
    static SKBitmap? Fit(SKBitmap decoded, ImageFit fit)
    {
        if (fit == ImageFit.Stretch || decoded.Width == decoded.Height) return decoded.Copy();
        var side = Math.Min(decoded.Width, decoded.Height);
        var (left, top) = ((decoded.Width - side) / 2, (decoded.Height - side) / 2);
        var square = new SKBitmap();
        if (decoded.ExtractSubset(square, new SKRectI(left, top, left + side, top + side))) return square;
        square.Dispose();
        return null;
    }

    static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "truncated image (the data ends before the image does)",
        SKCodecResult.ErrorInInput => "corrupt image data",
        SKCodecResult.InvalidInput or SKCodecResult.Unimplemented => "not a recognised image format",
        _ => $"could not decode ({result})",
    };

    /// <summary>One line: the count, the first few problems and how many more.</summary>
    static Error Combine(string folder, List<string> problems)
    {
        var listed = string.Join("; ", problems.Take(ListedProblems));
        var more = problems.Count > ListedProblems ? $"; and {problems.Count - ListedProblems} more" : "";
        return problems.Count == 1
            ? Error.New(problems[0])
            : Error.New($"{folder}: {problems.Count} problems: {listed}{more}");
    }
}
