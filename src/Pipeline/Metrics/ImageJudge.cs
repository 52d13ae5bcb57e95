using Functional.Data;
using static TorchSharp.torch;

namespace Functional.Metrics;

/// <summary>
/// What an image experiment's metrics compare its samples with: a frozen feature network and the
/// real images they are compared against, built once per run's data (<see cref="JudgedImages"/>).
/// Labelled data (<see cref="ForClasses"/>): a <see cref="FeatureClassifier"/> trained on the
/// training split to tell the classes apart, compared against a held-out split, which also scores
/// class-conditional samples (<c>conditional_accuracy</c>, beside <c>real_accuracy</c>, the same
/// classifier's accuracy on that split, its ceiling). Unlabelled data (<see cref="ForRotations"/>):
/// the classifier learns to tell the four quarter turns of the images apart
/// (<see cref="RotationBatches"/>), which needs no labels, and the samples are compared with the
/// images themselves in its features.
/// </summary>
public sealed class ImageJudge : IDisposable
{
    public const string RealAccuracy = "real_accuracy";

    ImageJudge(FeatureClassifier classifier, LabelledImages reference, int conditionalClasses, string featureSpace, SlicedWassersteinOptions? swd)
    {
        Classifier = classifier;
        Reference = reference;
        ConditionalClasses = conditionalClasses;
        FeatureSpace = featureSpace;
        Swd = swd;
        if (conditionalClasses > 0) ReferenceAccuracy = classifier.Accuracy(reference.Images, reference.Labels);
    }

    public FeatureClassifier Classifier { get; }

    /// <summary>The real images samples are compared with; the first as many as there are samples.</summary>
    public LabelledImages Reference { get; }

    /// <summary>The classes conditional samples were drawn for (labels 0, 1, …, cycling), or 0 for unconditional samples.</summary>
    public int ConditionalClasses { get; }

    /// <summary>The classifier's accuracy on <see cref="Reference"/> against its labels; null for unconditional samples.</summary>
    public double? ReferenceAccuracy { get; }

    /// <summary>What the features were trained to tell apart: "classes" or "rotations".</summary>
    public string FeatureSpace { get; }

    public SlicedWassersteinOptions? Swd { get; }

    /// <summary>
    /// A classifier of <paramref name="training"/>'s classes (trained on its own batches, seeded, so
    /// every run with the same data gets the same judge), compared against <paramref name="reference"/>.
    /// With <paramref name="conditionalClasses"/> &gt; 0 the samples are read as drawn for labels 0, 1, …
    /// (as sessions sample), and scored for them. The judge reads <paramref name="reference"/> at every
    /// evaluation and leaves both sets to their owner.
    /// </summary>
    public static ImageJudge ForClasses(LabelledImages training, LabelledImages reference, int conditionalClasses,
        FeatureClassifierOptions? options = null, SlicedWassersteinOptions? swd = null)
    {
        if (training.Classes < 2) throw new ArgumentException($"a class classifier needs labelled images of at least 2 classes, these have {training.Classes}");
        using var scope = NewDisposeScope();
        using var batches = LabelledImageSource.Over(training, new DataOptions(BatchFor(training), (options ?? new()).Seed, CPU));
        return new ImageJudge(FeatureClassifier.Train(batches, options), reference, conditionalClasses, "classes", swd);
    }

    /// <summary>A rotation classifier trained on <paramref name="images"/> (labels, if any, unused), comparing samples with those same images.</summary>
    public static ImageJudge ForRotations(LabelledImages images, FeatureClassifierOptions? options = null, SlicedWassersteinOptions? swd = null)
    {
        using var scope = NewDisposeScope();
        var o = options ?? new FeatureClassifierOptions();
        using var rotations = new RotationBatches(LabelledImageSource.Over(images, new DataOptions(BatchFor(images), o.Seed, CPU)), o.Seed);
        return new ImageJudge(FeatureClassifier.Train(rotations, o), images, 0, "rotations", swd);
    }

    /// <summary>The classifier's batches: 64 images, or all of a smaller set.</summary>
    static int BatchFor(LabelledImages images) => (int)Math.Min(64, images.Count);

    /// <summary>
    /// <see cref="ImageMetrics.Evaluate"/> of <paramref name="samples"/> against as many reference
    /// images; for conditional samples also <c>real_accuracy</c>.
    /// </summary>
    public MetricSet Evaluate(Tensor samples)
    {
        using var scope = NewDisposeScope();
        var fake = samples.to(CPU);
        var count = Math.Min(Reference.Count, fake.size(0));
        var real = Reference.Images.narrow(0, 0, count);
        if (count < fake.size(0)) fake = fake.narrow(0, 0, count);
        if (ConditionalClasses == 0) return ImageMetrics.Evaluate(Classifier, real, fake, swd: Swd);
        var labels = arange(fake.size(0), dtype: ScalarType.Int64).remainder(ConditionalClasses);
        var metrics = ImageMetrics.Evaluate(Classifier, real, fake, labels, swd: Swd);
        return new MetricSet([.. metrics, new Metric(RealAccuracy, ReferenceAccuracy!.Value, HigherIsBetter: true)]);
    }

    /// <summary>Disposes the classifier; the reference images belong to whoever opened them.</summary>
    public void Dispose()
    {
        foreach (var parameter in Classifier.parameters()) parameter.Dispose();
        Classifier.Dispose();
    }
}
