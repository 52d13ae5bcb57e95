using System.Buffers.Binary;
using System.Diagnostics.Contracts;
using System.IO.Compression;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Functional.Data;

/// <summary>
/// MNIST-format IDX files (MNIST, Fashion-MNIST, EMNIST): an images file (magic 0x00000803,
/// unsigned bytes, dims N×H×W, big-endian) and a labels file (magic 0x00000801, N bytes), each
/// plain or gzip'd. Grayscale, optionally resized to <c>size</c>×<c>size</c>; classes are
/// 0 .. the largest label.
/// </summary>
public sealed class IdxDataset : LabelledImageSource
{
    public const uint ImagesMagic = 0x00000803;
    public const uint LabelsMagic = 0x00000801;

    IdxDataset(LabelledImages data, DataOptions options) : base(data, options) { }

    /// <summary>Reads both files and serves them as shuffled batches on <see cref="DataOptions.Device"/>.</summary>
    public static Fin<IdxDataset> Open(string imagesPath, string labelsPath, DataOptions options, int? size = null) =>
        Read(imagesPath, labelsPath, size).Bind(data => Serve(data, options, () => new IdxDataset(data, options)));

    /// <summary>Reads, checks and decodes both files; errors name the file and what is wrong with it.</summary>
    public static Fin<LabelledImages> Read(string imagesPath, string labelsPath, int? size = null) =>
        from images in ReadIdx(imagesPath, ImagesMagic, "images")
        from labels in ReadIdx(labelsPath, LabelsMagic, "labels")
        from _ in images.Dims[0] == labels.Dims[0]
            ? FinSucc(unit)
            : FinFail<Unit>(Error.New($"{imagesPath} has {images.Dims[0]} images but {labelsPath} has {labels.Dims[0]} labels"))
        from __ in images.Dims[0] > 0 ? FinSucc(unit) : FinFail<Unit>(Error.New($"{imagesPath}: has no images"))
        from ___ in size is null or > 0 ? FinSucc(unit) : FinFail<Unit>(Error.New($"resize to {size}×{size}: the size must be positive"))
        select Decode(images, labels, size);

    static LabelledImages Decode(IdxFile images, IdxFile labels, int? size)
    {
        using var scope = NewDisposeScope();
        var (count, height, width) = (images.Dims[0], images.Dims[1], images.Dims[2]);
        var pixels = LabelledImages.FromBytes(images.Data, count, 1, height, width);
        if (size is { } side && (side != height || side != width)) pixels = ImageResize.Bilinear(pixels, side, side);
        var classes = labels.Data.Length == 0 ? 0 : labels.Data.Max() + 1;
        var names = Enumerable.Range(0, classes).Select(c => c.ToString()).ToArray();
        return new LabelledImages(pixels, tensor(labels.Data).to_type(int64), names);
    }

    internal readonly record struct IdxFile(int[] Dims, byte[] Data);

    [Pure]
    internal static Fin<IdxFile> ReadIdx(string path, uint expectedMagic, string what)
    {
        if (!File.Exists(path)) return Error.New($"{path}: {what} file not found");
        byte[] bytes;
        try { bytes = ReadAllBytesUnzipped(path); }
        catch (InvalidDataException e) { return Error.New($"{path}: corrupt gzip data ({e.Message})"); }
        catch (IOException e) { return Error.New($"{path}: could not read: {e.Message}"); }
        catch (UnauthorizedAccessException e) { return Error.New($"{path}: could not read: {e.Message}"); }

        var rank = (int)(expectedMagic & 0xFF);
        var headerBytes = 4 + 4 * rank;
        if (bytes.Length < 4)
            return Error.New($"{path}: truncated: {bytes.Length} bytes, too short for an IDX magic number");
        var magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (magic != expectedMagic)
            return Error.New($"{path}: wrong magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} (IDX unsigned-byte {what}, {rank} dimension{(rank == 1 ? "" : "s")}){Hint(magic)}");
        if (bytes.Length < headerBytes)
            return Error.New($"{path}: truncated: {bytes.Length} bytes, shorter than the {headerBytes}-byte header");

        var dims = Enumerable.Range(0, rank).Select(i => BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * i))).ToArray();
        if (dims.Any(d => d > int.MaxValue)) return Error.New($"{path}: dimension {dims.Max()} in the header is too large");
        var expected = dims.Aggregate(1L, (product, d) => product * d);
        var have = (long)bytes.Length - headerBytes;
        var shape = string.Join("×", dims);
        if (have < expected)
            return Error.New($"{path}: truncated: header says {shape} = {expected} bytes, file has {have} after its {headerBytes}-byte header");
        if (have > expected)
            return Error.New($"{path}: {have - expected} bytes beyond the {shape} = {expected} that its header says");
        return new IdxFile(dims.Select(d => (int)d).ToArray(), bytes[headerBytes..]);
    }

    static string Hint(uint magic) => magic switch
    {
        ImagesMagic => "; this looks like an images file",
        LabelsMagic => "; this looks like a labels file",
        _ => "",
    };

    /// <summary>Gzip is recognised by its magic bytes 1F 8B, whatever the file is called.</summary>
    static byte[] ReadAllBytesUnzipped(string path)
    {
        var raw = File.ReadAllBytes(path);
        if (raw is not [0x1F, 0x8B, ..]) return raw;
        using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
