using LanguageExt;
using SkiaSharp;

namespace Functional.Data.Fonts;

/// <summary>
/// How alike two faces draw: the mean absolute pixel difference (on 0..1) of their glyphs of the
/// same characters. Near-copies of one design (UKai and cwTeX Kai, UMing and gbsn00lp) differ by
/// 0.01–0.05; distinct designs by several times more (docs/data.md has the built-in set's table).
/// </summary>
public static class NearDuplicates
{
    /// <summary>Faces closer than this are one design.</summary>
    public const double Threshold = 0.06;

    /// <summary>Probe characters: the first this many of GB2312 level 1 that both faces draw with ink.</summary>
    public const int ProbeCharacters = 48;

    public const int ProbeSize = 32;

    /// <summary>The mean difference of two loaded faces over up to <see cref="ProbeCharacters"/> shared characters; 1 when they share none.</summary>
    public static double MeanDifference(SKTypeface a, SKTypeface b)
    {
        using var renderer = new GlyphRenderer(ProbeSize);
        var plane = ProbeSize * ProbeSize;
        var (x, y) = (new byte[plane], new byte[plane]);
        double sum = 0;
        var count = 0;
        foreach (var codepoint in Gb2312.LevelOne)
        {
            if (count == ProbeCharacters) break;
            if (!GlyphRenderer.Covers(a, codepoint) || !GlyphRenderer.Covers(b, codepoint)) continue;
            renderer.Render(a, codepoint, x);
            renderer.Render(b, codepoint, y);
            if (!GlyphRenderer.HasInk(x) || !GlyphRenderer.HasInk(y)) continue;
            long difference = 0;
            for (var i = 0; i < plane; i++) difference += Math.Abs(x[i] - y[i]);
            sum += difference / (255.0 * plane);
            count++;
        }
        return count == 0 ? 1 : sum / count;
    }

    /// <summary>
    /// Whether two family names are one family: equal, or one the other plus a word ("WenQuanYi
    /// Micro Hei" and "WenQuanYi Micro Hei Mono", "kiloji" and "kiloji - B").
    /// </summary>
    public static bool SameFamily(string a, string b) =>
        a == b || Extends(a, b) || Extends(b, a);

    static bool Extends(string longer, string shorter) =>
        longer.Length > shorter.Length && longer.StartsWith(shorter, StringComparison.Ordinal) && longer[shorter.Length] is ' ' or '-';

    /// <summary>
    /// <paramref name="faces"/> with clusters merged wherever two faces are of one family
    /// (<see cref="SameFamily"/>) or closer than <see cref="Threshold"/>, transitively: a merged
    /// cluster takes the name of its first face's.
    /// </summary>
    public static Fin<Seq<FontFace>> Merge(Seq<FontFace> faces) =>
        faces.Map(f => f.Load()).Sequence().Map(loaded =>
        {
            try
            {
                var parent = Enumerable.Range(0, faces.Count).ToArray();
                int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
                for (var i = 0; i < faces.Count; i++)
                for (var j = i + 1; j < faces.Count; j++)
                    if (SameFamily(faces[i].Cluster, faces[j].Cluster) || MeanDifference(loaded[i], loaded[j]) < Threshold)
                        parent[Root(j)] = Root(i);
                return faces.Select((f, i) => f with { Cluster = faces[Root(i)].Cluster }).ToSeq();
            }
            finally
            {
                foreach (var typeface in loaded) typeface.Dispose();
            }
        });
}
