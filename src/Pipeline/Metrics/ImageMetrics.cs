using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Metrics;

/// <summary>
/// The image metrics of one evaluation: classifier-feature Fréchet distance, precision and recall
/// in the frozen <see cref="FeatureClassifier"/>'s feature space, SWD on the pixels, and, given the
/// labels the samples were generated for, the classifier's accuracy on them.
/// </summary>
public static class ImageMetrics
{
    public const string ConditionalAccuracy = "conditional_accuracy";

    /// <summary>Samples per set that the documented numbers use (docs/metrics.md): compare only numbers from equal counts.</summary>
    public const int ProtocolSamples = 5_000;

    [Pure]
    public static MetricSet Evaluate(FeatureClassifier classifier, Tensor real, Tensor fake, Tensor? fakeLabels = null,
        long seed = 0, int k = 3, SlicedWassersteinOptions? swd = null)
    {
        using var scope = NewDisposeScope();
        var (realFeatures, fakeFeatures) = (classifier.Features(real), classifier.Features(fake));
        var (precision, recall) = PrecisionRecall.Compute(realFeatures, fakeFeatures, k);
        List<Metric> metrics =
        [
            new(FrechetDistance.Name, FrechetDistance.Compute(realFeatures, fakeFeatures), HigherIsBetter: false),
            new(PrecisionRecall.PrecisionName, precision, HigherIsBetter: true),
            new(PrecisionRecall.RecallName, recall, HigherIsBetter: true),
            new(SlicedWasserstein.Name, SlicedWasserstein.Compute(real, fake, seed, swd), HigherIsBetter: false),
        ];
        if (fakeLabels is not null)
            metrics.Add(new(ConditionalAccuracy, classifier.Accuracy(fake, fakeLabels), HigherIsBetter: true));
        return new MetricSet(metrics);
    }
}
