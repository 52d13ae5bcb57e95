using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Data.Fonts;

/// <summary>
/// A split of a user's folder of fonts. With subfolders <c>content/</c> (one face), <c>train/</c>
/// and <c>test/</c>, those are the sides. A plain folder is split here: faces of one family or
/// closer than <see cref="NearDuplicates.Threshold"/> form one cluster; the content font is the
/// face that lists the most GB2312 level-1 characters (its cluster-mates sit out); the other
/// clusters, by name, go every third to the test side (the 2nd, 5th, …) and otherwise to training.
/// </summary>
public static class FolderSplit
{
    public const string ContentFolder = "content", TrainingFolder = "train", TestFolder = "test";

    public static Fin<FontSplit> Of(string folder)
    {
        if (!Directory.Exists(folder)) return Error.New($"font folder not found: {folder}");
        var sides = new[] { ContentFolder, TrainingFolder, TestFolder }.Select(side => Path.Combine(folder, side)).ToArray();
        return sides.All(Directory.Exists) ? Sided(sides[0], sides[1], sides[2]) : Plain(folder);
    }

    static Fin<FontSplit> Sided(string content, string training, string test) =>
        from contentFaces in FontFiles.Faces(content)
        from one in contentFaces.Count == 1
            ? FinSucc(contentFaces[0])
            : FinFail<FontFace>(Error.New($"{content}: {contentFaces.Count} faces; the content folder holds the one font every character is shown in"))
        from trainingFaces in FontFiles.Faces(training)
        from testFaces in FontFiles.Faces(test)
        from merged in NearDuplicates.Merge(contentFaces + trainingFaces + testFaces)
        from split in new FontSplit(merged[0], merged.Skip(1).Take(trainingFaces.Count).ToArray(), merged.Skip(1 + trainingFaces.Count).ToArray()).Checked()
        select split;

    static Fin<FontSplit> Plain(string folder) =>
        from faces in FontFiles.Faces(folder)
        from merged in NearDuplicates.Merge(faces)
        from split in Assign(folder, merged)
        select split;

    static Fin<FontSplit> Assign(string folder, Seq<FontFace> faces)
    {
        var content = faces.OrderByDescending(Coverage).ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Index).First();
        var clusters = faces.Where(f => f.Cluster != content.Cluster).GroupBy(f => f.Cluster).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
        if (clusters.Length < 3)
            return Error.New($"{folder}: {clusters.Length} font design{(clusters.Length == 1 ? "" : "s")} besides the content font {content.Name}; "
                + "a split needs at least 3 (2 to train on, 1 to test on); or give content/, train/ and test/ subfolders");
        var test = clusters.Where((_, i) => i % 3 == 1).SelectMany(g => g).ToArray();
        // The content font's other faces (its Mono, say) would train on copying their input: they sit out.
        var training = clusters.Where((_, i) => i % 3 != 1).SelectMany(g => g).ToArray();
        return new FontSplit(content, training, test).Checked();
    }

    static int Coverage(FontFace face) =>
        face.Load().Match(typeface =>
        {
            using (typeface) return Gb2312.LevelOne.Count(c => GlyphRenderer.Covers(typeface, c));
        }, _ => 0);
}
