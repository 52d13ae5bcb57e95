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

    readonly Lazy<(FeatureClassifier Characters, FeatureClassifier Fonts, MetricSet Truth, IReadOnlyList<(string, MetricSet)> Baselines)> judged;
    readonly Tensor truth, sources, characterLabels, fontLabels;
    readonly Tensor[] baselineGlyphs;
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
        sources = batch.Source!.DetachFromDisposeScope();
        characterLabels = batch.Labels!.DetachFromDisposeScope();
        fontLabels = batch.StyleLabels!.DetachFromDisposeScope();
        fontOf = fontLabels.data<long>().ToArray().Select(f => (int)f).ToArray();
        var content = batch.Source!.narrow(1, 0, 1);
        var style = batch.Source!.narrow(1, 1, 1);
        var nearest = pairs.Glyphs(all.Select(i => (NearestTrainingFace(table, Pairs.Face[i], Pairs.Reference[i]), Pairs.Character[i])).ToArray());
        baselineGlyphs = [content.DetachFromDisposeScope(), style.DetachFromDisposeScope(), nearest.DetachFromDisposeScope()];
        PixelBaselines = BaselineNames.Zip(baselineGlyphs, (name, glyphs) => (name, Pixels(glyphs))).ToArray();
        // The judges train on first use: the pixel measures alone need none.
        judged = new(() =>
        {
            var judges = (Characters: WnetClassifiers.CharacterJudge(table), Fonts: WnetClassifiers.FontJudge(table));
            return (judges.Characters, judges.Fonts, Judged(judges.Characters, judges.Fonts, truth),
                (IReadOnlyList<(string, MetricSet)>)BaselineNames.Zip(baselineGlyphs, (name, glyphs) => (name, Judged(judges.Characters, judges.Fonts, glyphs))).ToArray());
        });
    }

    static readonly string[] BaselineNames = [CopyContent, CopyStyle, NearestFont];

    /// <summary>The judge of <paramref name="table"/>'s held-out pairs, built once per process (its classifiers train in seconds to a minute).</summary>
    public static WnetJudge For(GlyphTable table) => judges.GetOrAdd(table, t => new Lazy<WnetJudge>(() => new WnetJudge(t))).Value;

    public GlyphTable Table { get; }
    public HeldOutPairs Pairs { get; }

    /// <summary>The three baselines' metrics, by name.</summary>
    public IReadOnlyList<(string Name, MetricSet Metrics)> Baselines => judged.Value.Baselines;

    /// <summary>The three baselines' L1 and SSIM, by name, without training the judges.</summary>
    public IReadOnlyList<(string Name, MetricSet Metrics)> PixelBaselines { get; }

    /// <summary>The true glyphs' own metrics: L1 0 and SSIM 1, and the judges' accuracies and FD on real glyphs of unseen fonts (the ceiling).</summary>
    public MetricSet Truth => judged.Value.Truth;

    /// <summary>
    /// The outputs of <paramref name="translate"/> for every held-out pair, in order, on the CPU
    /// ([N, 1, S, S] in [−1, 1]), translated in batches on <paramref name="device"/>.
    /// </summary>
    public Tensor Translations(Func<Batch, Tensor> translate, Device device)
    {
        using var scope = NewDisposeScope();
        var outputs = new List<Tensor>();
        for (var start = 0; start < Pairs.Count; start += TranslationBatch)
        {
            using var batchScope = NewDisposeScope();
            var count = Math.Min(TranslationBatch, Pairs.Count - start);
            Tensor Slice(Tensor t) => t.narrow(0, start, count).to(device);
            var batch = new Batch(Slice(truth), Slice(characterLabels), Slice(sources), Slice(fontLabels));
            outputs.Add(translate(batch).detach().to(CPU).MoveToOuterDisposeScope());
        }
        return cat(outputs, 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The metrics of <paramref name="translate"/>'s outputs (given batches on <paramref name="device"/>),
    /// with how they compare to the best baseline: L1 over the best baseline L1 (below 1 beats all
    /// three) and SSIM minus the best baseline SSIM (above 0 beats all three).
    /// </summary>
    public MetricSet Evaluate(Func<Batch, Tensor> translate, Device device)
    {
        using var scope = NewDisposeScope();
        var measured = Measure(Translations(translate, device));
        var bestL1 = PixelBaselines.Min(b => b.Metrics[L1]);
        var bestSsim = PixelBaselines.Max(b => b.Metrics[StructuralSimilarity.Name]);
        return new MetricSet([
            .. measured,
            new Metric(L1Ratio, measured[L1] / bestL1, HigherIsBetter: false),
            new Metric(SsimMargin, measured[StructuralSimilarity.Name] - bestSsim, HigherIsBetter: true),
        ]);
    }

    /// <summary>The metrics of glyphs [N, 1, S, S] in [−1, 1], one per held-out pair in order.</summary>
    public MetricSet Measure(Tensor glyphs) => Judged(judged.Value.Characters, judged.Value.Fonts, glyphs);

    /// <summary>
    /// L1 and SSIM alone of glyphs [N, 1, S, S] in [−1, 1], one per held-out pair in order: no
    /// judge needed. SSIM is taken on black ink on white paper, as glyph papers show them: on
    /// white-on-black, the near-zero means of empty windows make its luminance term fragile (with
    /// C₁ = 10⁻⁴, a background of 0.01 instead of 0 halves it), so it would measure the background's
    /// last percent rather than the glyph. L1 is the same either way.
    /// </summary>
    public MetricSet Pixels(Tensor glyphs)
    {
        using var scope = NewDisposeScope();
        var images = glyphs.to(CPU).to_type(float32).clamp(-1, 1);
        var (ink, inkTruth) = ((images + 1) / 2, (truth + 1) / 2);
        return new MetricSet([
            new Metric(L1, (ink - inkTruth).abs().mean().item<float>(), HigherIsBetter: false),
            new Metric(StructuralSimilarity.Name, StructuralSimilarity.Mean(1 - ink, 1 - inkTruth), HigherIsBetter: true),
        ]);
    }

    MetricSet Judged(FeatureClassifier characters, FeatureClassifier fonts, Tensor glyphs)
    {
        using var scope = NewDisposeScope();
        var images = glyphs.to(CPU).to_type(float32).clamp(-1, 1);
        var features = characters.Features(images);
        var truthFeatures = characters.Features(truth);
        var perFont = Enumerable.Range(0, Pairs.Fonts).Select(f =>
        {
            var rows = tensor(Enumerable.Range(0, Pairs.Count).Where(i => fontOf[i] == f).Select(i => (long)i).ToArray());
            return FrechetDistance.Compute(features.index_select(0, rows), truthFeatures.index_select(0, rows));
        }).ToArray();
        return new MetricSet([
            .. Pixels(images),
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
