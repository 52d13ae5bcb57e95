using LanguageExt;
using LanguageExt.Common;
using SkiaSharp;

namespace Functional.Data.Fonts;

/// <summary>
/// One face of a font file: the file, its index in a .ttc/.otc collection (0 for a single font), a
/// name to show, and its cluster: faces of one cluster are one design (near-copies, one family's
/// weights), which a split by font never puts on both sides.
/// </summary>
public sealed record FontFace(string File, int Index, string Name, string Cluster)
{
    public override string ToString() => Index == 0 && !FontFiles.IsCollection(File) ? $"{Name} ({File})" : $"{Name} ({File}, face {Index})";

    /// <summary>The face, loaded; an error names the file and face when SkiaSharp cannot read it.</summary>
    public Fin<SKTypeface> Load()
    {
        if (!System.IO.File.Exists(File)) return Error.New($"font file not found: {File}");
        var face = SKTypeface.FromFile(File, Index);
        return face is null ? Error.New($"{this}: not a font SkiaSharp can read") : face;
    }
}

/// <summary>The font files a folder holds and the faces in each: .ttf and .otf hold one, a .ttc or .otc collection says how many in its header.</summary>
public static class FontFiles
{
    public static readonly IReadOnlyList<string> Extensions = [".ttf", ".otf", ".ttc", ".otc"];

    public static bool IsFont(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    public static bool IsCollection(string path) => Path.GetExtension(path).ToLowerInvariant() is ".ttc" or ".otc";

    /// <summary>
    /// How many faces <paramref name="path"/> holds: 1 for a single font, the collection header's
    /// count (big-endian at byte 8, after the tag "ttcf" and the version) for a collection.
    /// </summary>
    public static Fin<int> FaceCount(string path)
    {
        if (!IsCollection(path)) return 1;
        try
        {
            using var file = File.OpenRead(path);
            var header = new byte[12];
            if (file.Read(header, 0, 12) < 12 || header[0] != 't' || header[1] != 't' || header[2] != 'c' || header[3] != 'f')
                return Error.New($"{path}: not a font collection (no 'ttcf' header)");
            var count = header[8] << 24 | header[9] << 16 | header[10] << 8 | header[11];
            return count is > 0 and < 10_000 ? count : Error.New($"{path}: a font collection of {count} faces");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.New($"{path}: could not read: {e.Message}");
        }
    }

    /// <summary>
    /// Every face of every font file under <paramref name="folder"/> (recursively, in path order),
    /// each its own cluster named after its family; an unreadable file is an error that names it.
    /// </summary>
    public static Fin<Seq<FontFace>> Faces(string folder)
    {
        if (!Directory.Exists(folder)) return Error.New($"font folder not found: {folder}");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(IsFont).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) return Error.New($"{folder}: no font files ({string.Join(", ", Extensions)})");
        return files.Select(FacesOf).ToSeq().Sequence().Map(faces => faces.Bind(x => x));
    }

    static Fin<Seq<FontFace>> FacesOf(string file) =>
        FaceCount(file).Bind(count => Enumerable.Range(0, count).Select(index => Named(file, index)).ToSeq().Sequence());

    static Fin<FontFace> Named(string file, int index)
    {
        var face = SKTypeface.FromFile(file, index);
        if (face is null) return Error.New($"{file}{(IsCollection(file) ? $", face {index}" : "")}: not a font SkiaSharp can read");
        using (face)
        {
            var style = face.FontStyle;
            var name = $"{face.FamilyName}{(style.Weight != (int)SKFontStyleWeight.Normal ? $" {style.Weight}" : "")}{(style.Slant != SKFontStyleSlant.Upright ? " italic" : "")}";
            return new FontFace(file, index, name, face.FamilyName);
        }
    }
}
