using System.Collections.Concurrent;
using Functional.Data;
using Functional.Data.Fonts;
using Functional.Metrics;
using static TorchSharp.torch;

namespace Functional.Examples.Glyphs;

/// <summary>
/// How glyphs-wnet is judged (docs/metrics.md, "One-shot glyph style transfer"): every test font ×
/// test character, none of which it trains on, each translated from the content glyph and one
/// style reference (a training character of that font). Against the true glyph: L1 and SSIM on
/// the unit range; a character judge's accuracy (trained on the content and training fonts' glyphs
/// of the test characters) and a font judge's (trained on the test fonts' glyphs of the training
/// characters); and the Fréchet distance of the character judge's features, per test font and
/// averaged. The same for three baselines the model must beat: copying the content glyph, copying
/// the style reference, and the nearest training font's glyph of the character (the training font
/// whose glyph of the reference character is nearest the reference, in L1).
/// </summary>
public sealed class WnetJudge
{
    public const string L1 = "l1", CharacterAccuracy = "character_accuracy", FontAccuracy = "font_accuracy", FontFd = "font_fd",
        L1Ratio = "l1_baseline_ratio", SsimMargin = "ssim_baseline_margin";

    public const string CopyContent = "copy content", CopyStyle = "copy style", NearestFont = "nearest training font";

    const int TranslationBatch = 100;

    static readonly ConcurrentDictionary<GlyphTable, Lazy<WnetJudge>> judges = new();

    readonly FeatureClassifier characters, fonts;
    readonly Tensor truth, characterLabels, fontLabels;
    readonly int[] fontOf;

    WnetJudge(GlyphTable table)
    {
        Table = table;
        using var scope = NewDisposeScope();
        using var pairs = GlyphTriples.Open(table, new DataOptions(1, 0, CPU)).Match(p => p, e => throw new DataException(e.Message));
        Pairs = pairs.HeldOutSet;
        var all = Enumerable.Range(0, Pairs.Count).ToArray();
        var batch = pairs.Pairs(all);
        truth = batch.Real.DetachFromDisposeScope();
        characterLabels = batch.Labels!.DetachFromDisposeScope();
        fontLabels = batch.StyleLabels!.DetachFromDisposeScope();
        fontOf = fontLabels.data<long>().ToArray().Select(f => (int)f).ToArray();
        characters = WnetClassifiers.CharacterJudge(table);
        fonts = WnetClassifiers.FontJudge(table);
        var content = batch.Source!.narrow(1, 0, 1);
        var style = batch.Source!.narrow(1, 1, 1);
        var nearest = pairs.Glyphs(all.Select(i => (NearestTrainingFace(table, Pairs.Face[i], Pairs.Reference[i]), Pairs.Character[i])).ToArray());
        Baselines =
        [
            (CopyContent, Measure(content)),
            (CopyStyle, Measure(style)),
            (NearestFont, Measure(nearest)),
        ];
        Truth = Measure(truth);
    }

    /// <summary>The judge of <paramref name="table"/>'s held-out pairs, built once per process (its classifiers train in seconds to a minute).</summary>
    public static WnetJudge For(GlyphTable table) => judges.GetOrAdd(table, t => new Lazy<WnetJudge>(() => new WnetJudge(t))).Value;

    public GlyphTable Table { get; }
    public HeldOutPairs Pairs { get; }

    /// <summary>The three baselines' metrics, by name.</summary>
    public IReadOnlyList<(string Name, MetricSet Metrics)> Baselines { get; }

    /// <summary>The true glyphs' own metrics: L1 0 and SSIM 1, and the judges' accuracies and FD on real glyphs of unseen fonts (the ceiling).</summary>
    public MetricSet Truth { get; }

    /// <summary>
    /// The metrics of <paramref name="translate"/>'s outputs (given batches on <paramref name="device"/>),
    /// with how they compare to the best baseline: L1 over the best baseline L1 (below 1 beats all
    /// three) and SSIM minus the best baseline SSIM (above 0 beats all three).
    /// </summary>
    public MetricSet Evaluate(Func<Batch, Tensor> translate, Device device)
    {
        using var scope = NewDisposeScope();
        using var pairs = GlyphTriples.Open(Table, new DataOptions(1, 0, device)).Match(p => p, e => throw new DataException(e.Message));
        var outputs = new List<Tensor>();
        for (var start = 0; start < Pairs.Count; start += TranslationBatch)
        {
            using var batchScope = NewDisposeScope();
            var batch = pairs.Pairs(Enumerable.Range(start, Math.Min(TranslationBatch, Pairs.Count - start)).ToArray());
            outputs.Add(translate(batch).detach().to(CPU).MoveToOuterDisposeScope());
        }
        var measured = Measure(cat(outputs, 0));
        var bestL1 = Baselines.Min(b => b.Metrics[L1]);
        var bestSsim = Baselines.Max(b => b.Metrics[StructuralSimilarity.Name]);
        return new MetricSet([
            .. measured,
            new Metric(L1Ratio, measured[L1] / bestL1, HigherIsBetter: false),
            new Metric(SsimMargin, measured[StructuralSimilarity.Name] - bestSsim, HigherIsBetter: true),
        ]);
    }

    /// <summary>The metrics of glyphs [N, 1, S, S] in [−1, 1], one per held-out pair in order.</summary>
    public MetricSet Measure(Tensor glyphs)
    {
        using var scope = NewDisposeScope();
        var images = glyphs.to(CPU).to_type(float32).clamp(-1, 1);
        var (unit, unitTruth) = ((images + 1) / 2, (truth + 1) / 2);
        var features = characters.Features(images);
        var truthFeatures = characters.Features(truth);
        var perFont = Enumerable.Range(0, Pairs.Fonts).Select(f =>
        {
            var rows = tensor(Enumerable.Range(0, Pairs.Count).Where(i => fontOf[i] == f).Select(i => (long)i).ToArray());
            return FrechetDistance.Compute(features.index_select(0, rows), truthFeatures.index_select(0, rows));
        }).ToArray();
        return new MetricSet([
            new Metric(L1, (unit - unitTruth).abs().mean().item<float>(), HigherIsBetter: false),
            new Metric(StructuralSimilarity.Name, StructuralSimilarity.Mean(unit, unitTruth), HigherIsBetter: true),
            new Metric(CharacterAccuracy, characters.Accuracy(images, characterLabels), HigherIsBetter: true),
            new Metric(FontAccuracy, fonts.Accuracy(images, fontLabels), HigherIsBetter: true),
            new Metric(FontFd, perFont.Average(), HigherIsBetter: false),
        ]);
    }

    /// <summary>The training face whose glyph of the reference character is nearest (L1) the test face's: one-shot nearest-font retrieval.</summary>
    public static int NearestTrainingFace(GlyphTable table, int testFace, int referenceCharacter)
    {
        var reference = table.Glyph(testFace, referenceCharacter);
        var (best, bestDistance) = (table.FirstTrainingFace, long.MaxValue);
        for (var face = table.FirstTrainingFace; face < table.FirstTestFace; face++)
        {
            var glyph = table.Glyph(face, referenceCharacter);
            long distance = 0;
            for (var i = 0; i < glyph.Length; i++) distance += Math.Abs(glyph[i] - reference[i]);
            if (distance < bestDistance) (best, bestDistance) = (face, distance);
        }
        return best;
    }
}
