using Functional.Data;
using Functional.Metrics;
using Functional.Training;
using static TorchSharp.torch;

namespace Functional.Examples.Images;

/// <summary>
/// What the glyph experiment's metrics compare against: a <see cref="FeatureClassifier"/> trained
/// with its defaults on glyphs rendered from seed 1 (as in docs/metrics.md's reference values), and
/// real glyphs rendered from seed 2, which no run trains on. Both are fixed, so every run and
/// variant is judged by the same network against the same images. Training the classifier takes a
/// minute or two on one CPU thread, so it is built once per process, on first use, on the CPU.
/// </summary>
public sealed class GlyphJudge
{
    public const long ClassifierSeed = 1;
    public const long ReferenceSeed = 2;

    static readonly Lazy<GlyphJudge> shared = new(() => new GlyphJudge(GlyphCgan.MetricSamples));

    public static GlyphJudge Shared => shared.Value;

    public FeatureClassifier Classifier { get; }
    public LabelledImages Reference { get; }

    GlyphJudge(int referenceCount)
    {
        // The build's temporaries end with this scope; what the judge keeps outlives it (the glyph
        // set detaches its tensors, and scopes do not take a module's parameters).
        using var temporaries = NewDisposeScope();
        using (var source = Fin(GlyphDataset.Open(new DataOptions(64, ClassifierSeed, CPU))))
            Classifier = FeatureClassifier.Train(source);
        Reference = Fin(GlyphDataset.Render(ReferenceSeed, new GlyphOptions { Count = referenceCount }));
    }

    /// <summary>
    /// Image metrics of <paramref name="samples"/> (on any device), which a session drew without
    /// labels, so for the classes 0, 1, …, 9, 0, 1, … (<see cref="SessionSupport.CycleLabels"/>).
    /// </summary>
    public MetricSet Evaluate(Tensor samples, int classes)
    {
        using var scope = NewDisposeScope();
        var fake = samples.to(CPU);
        var labels = SessionSupport.CycleLabels(fake.size(0), classes, CPU);
        var real = Reference.Images.narrow(0, 0, Math.Min(Reference.Count, fake.size(0)));
        return ImageMetrics.Evaluate(Classifier, real, fake, labels);
    }

    static T Fin<T>(LanguageExt.Fin<T> result) => result.Match(value => value, error => throw new InvalidOperationException(error.Message));
}
