using System.Collections.Concurrent;
using Functional.Data;
using Functional.Data.Fonts;
using Functional.Metrics;
using static TorchSharp.torch;

namespace Functional.Examples.Glyphs;

/// <summary>
/// The classifiers glyphs-wnet trains on a glyph table: the frozen feature network of its loss
/// (characters of the training fonts) and the judges of its metrics. Each is a
/// <see cref="FeatureClassifier"/> trained from fixed seeds, so it is the same in every session;
/// it is trained once per process and table, and each caller gets its own copy.
/// </summary>
public static class WnetClassifiers
{
    public const int Width = 16, FeatureSize = 64, JudgeSteps = 400, BatchSize = 64;

    static readonly ConcurrentDictionary<(GlyphTable, string, int), Lazy<FeatureClassifier>> trained = new();

    /// <summary>The loss's feature network: the training characters as the training fonts draw them.</summary>
    public static FeatureClassifier Features(GlyphTable table, int steps) =>
        Train(table, "features", steps, () => Glyphs(table,
            Enumerable.Range(table.FirstTrainingFace, table.Split.Training.Count),
            Enumerable.Range(0, table.TrainingCharacters.Count), byFont: false));

    /// <summary>The character judge: the test characters as the content and training fonts draw them (never a test font).</summary>
    public static FeatureClassifier CharacterJudge(GlyphTable table) =>
        Train(table, "characters", JudgeSteps, () => Glyphs(table,
            Enumerable.Range(0, table.FirstTestFace),
            Enumerable.Range(table.FirstTestCharacter, table.TestCharacters.Count), byFont: false));

    /// <summary>The font judge: the test fonts, learnt from their glyphs of the training characters (never a test character).</summary>
    public static FeatureClassifier FontJudge(GlyphTable table) =>
        Train(table, "fonts", JudgeSteps, () => Glyphs(table,
            Enumerable.Range(table.FirstTestFace, table.Split.Test.Count),
            Enumerable.Range(0, table.TrainingCharacters.Count), byFont: true));

    static FeatureClassifier Train(GlyphTable table, string purpose, int steps, Func<LabelledImages> glyphs) =>
        trained.GetOrAdd((table, purpose, steps), _ => new Lazy<FeatureClassifier>(() =>
        {
            using var scope = NewDisposeScope();
            var options = new FeatureClassifierOptions(Steps: steps, Width: Width, FeatureSize: FeatureSize, Seed: 0);
            using var source = LabelledImageBatches.Open(glyphs(), new DataOptions(BatchSize, Seed: 0, CPU))
                .Match(s => s, e => throw new DataException(e.Message));
            return FeatureClassifier.Train(source, options);
        })).Value.Copy();

    /// <summary>The glyphs of <paramref name="faces"/> × <paramref name="characters"/>, labelled by character (0 for the first given) or by font.</summary>
    static LabelledImages Glyphs(GlyphTable table, IEnumerable<int> faces, IEnumerable<int> characters, bool byFont)
    {
        var (faceList, characterList) = (faces.ToArray(), characters.ToArray());
        var plane = table.Size * table.Size;
        var pixels = new byte[faceList.Length * characterList.Length * plane];
        var labels = new long[faceList.Length * characterList.Length];
        var i = 0;
        for (var f = 0; f < faceList.Length; f++)
        for (var c = 0; c < characterList.Length; c++, i++)
        {
            table.Glyph(faceList[f], characterList[c]).CopyTo(pixels.AsSpan(i * plane, plane));
            labels[i] = byFont ? f : c;
        }
        var names = byFont
            ? faceList.Select(f => table.Faces[f].Name).ToArray()
            : characterList.Select(c => GlyphTable.Text(table.Characters[c])).ToArray();
        using var scope = NewDisposeScope();
        return new LabelledImages(LabelledImages.FromBytes(pixels, labels.Length, 1, table.Size, table.Size), tensor(labels), names);
    }
}
