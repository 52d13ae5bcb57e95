using LanguageExt;
using LanguageExt.Common;

namespace Functional.Data.Fonts;

/// <summary>
/// The fonts of a one-shot style-transfer task: the content (prototype) face every character is
/// shown in, the faces the model trains on, and the faces it is tested on and never sees in
/// training. A cluster (one design: near-copies, one family's weights) sits on one side only, and
/// the content face's cluster is never a test font, so that no test font is a font the model knows.
/// </summary>
public sealed record FontSplit(FontFace Content, IReadOnlyList<FontFace> Training, IReadOnlyList<FontFace> Test)
{
    /// <summary>Every face once: the content face, then the training faces, then the test faces.</summary>
    public IReadOnlyList<FontFace> Faces => [Content, .. Training, .. Test];

    /// <summary>The split, or every problem with it: too few fonts on a side, a face used twice, a cluster on both sides.</summary>
    public Fin<FontSplit> Checked()
    {
        var problems = new List<string>();
        if (Training.Count < 2) problems.Add($"{Training.Count} training font{(Training.Count == 1 ? "" : "s")}: the font classifiers need at least 2");
        if (Test.Count < 1) problems.Add("no test fonts");
        foreach (var twice in Faces.GroupBy(f => (f.File, f.Index)).Where(g => g.Count() > 1))
            problems.Add($"{twice.First()} is used {twice.Count()} times");
        var testClusters = Test.Select(f => f.Cluster).ToHashSet();
        foreach (var face in Training.Where(f => testClusters.Contains(f.Cluster)))
            problems.Add($"training font {face.Name} and test font {Test.First(t => t.Cluster == face.Cluster).Name} are one design (cluster {face.Cluster}): a test font must be unseen");
        if (testClusters.Contains(Content.Cluster))
            problems.Add($"test font {Test.First(t => t.Cluster == Content.Cluster).Name} is the content font's design (cluster {Content.Cluster})");
        return problems.Count == 0 ? this : Error.New("font split: " + string.Join("; ", problems));
    }

    public override string ToString() =>
        $"content {Content.Name}; {Training.Count} training fonts ({string.Join(", ", Training.Select(f => f.Name))}); {Test.Count} test fonts ({string.Join(", ", Test.Select(f => f.Name))})";
}
