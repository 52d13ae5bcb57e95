using Functional.Data;
using Functional.Metrics;
using Xunit;
using static Functional.Tests.Support.Fins;
using static TorchSharp.torch;

namespace Functional.Tests.Metrics;

/// <summary>One tiny classifier, trained once for the class: two glyph classes, a few dozen steps.</summary>
public sealed class TrainedGlyphClassifier : IDisposable
{
    public static readonly GlyphOptions TwoDigits = new() { Characters = "38", Count = 256 };
    public static readonly FeatureClassifierOptions Tiny = new(Steps: 60, LearningRate: 3e-3, Width: 8, FeatureSize: 32, Seed: 11);

    public FeatureClassifier Classifier { get; }
    public LabelledImages HeldOut { get; }

    public TrainedGlyphClassifier()
    {
        using var source = Success(GlyphDataset.Open(new DataOptions(32, Seed: 1, CPU), TwoDigits));
        Classifier = FeatureClassifier.Train(source, Tiny);
        HeldOut = Success(GlyphDataset.Render(seed: 2, TwoDigits with { Count = 200 }));
    }

    public void Dispose()
    {
        Classifier.Dispose();
        HeldOut.Dispose();
    }
}

public sealed class FeatureClassifierTests(TrainedGlyphClassifier trained) : IClassFixture<TrainedGlyphClassifier>
{
    static readonly SlicedWassersteinOptions QuickSwd = new(PatchesPerImage: 8, Projections: 32, ProjectionsPerRepeat: 32);

    [Fact]
    public void Beats_chance_on_glyphs_it_has_not_seen()
    {
        var accuracy = trained.Classifier.Accuracy(trained.HeldOut.Images, trained.HeldOut.Labels);

        Assert.True(accuracy > 0.8, $"held-out accuracy {accuracy:P1} on two classes");
    }

    [Fact]
    public void Wrong_labels_score_low()
    {
        var accuracy = trained.Classifier.Accuracy(trained.HeldOut.Images, 1 - trained.HeldOut.Labels);

        Assert.True(accuracy < 0.2, $"accuracy {accuracy:P1} against swapped labels");
    }

    [Fact]
    public void Is_frozen_and_gives_penultimate_features_on_the_cpu()
    {
        using var scope = NewDisposeScope();
        var features = trained.Classifier.Features(trained.HeldOut.Images);

        Assert.Equal([200L, 32], features.shape);
        Assert.Equal(TorchSharp.DeviceType.CPU, features.device_type);
        Assert.False(features.requires_grad);
        Assert.All(trained.Classifier.parameters(), p => Assert.False(p.requires_grad));
        Assert.False(trained.Classifier.training);
        // The same images give the same features however they are batched.
        var one = trained.Classifier.Features(trained.HeldOut.Images.narrow(0, 5, 1));
        var difference = (one - features.narrow(0, 5, 1)).abs().max().item<float>();
        Assert.True(difference <= 1e-4 * Math.Max(1, features.abs().max().item<float>()), $"features differ by {difference} with the batch");
    }

    [Fact]
    public void Image_metrics_of_a_set_against_itself_are_perfect()
    {
        using var scope = NewDisposeScope();
        var images = trained.HeldOut.Images;

        var metrics = ImageMetrics.Evaluate(trained.Classifier, images, images.clone(), fakeLabels: trained.HeldOut.Labels, swd: QuickSwd);

        Assert.Equal(["classifier_fd", "precision", "recall", "swd", "conditional_accuracy"], metrics.Select(m => m.Name));
        Assert.Equal(0, metrics["classifier_fd"], 1e-4);
        Assert.Equal(1, metrics["precision"]);
        Assert.Equal(1, metrics["recall"]);
        Assert.Equal(0, metrics["swd"]);
        Assert.True(metrics["conditional_accuracy"] > 0.8);
    }

    [Fact]
    public void Image_metrics_rank_noise_below_other_glyphs()
    {
        using var scope = NewDisposeScope();
        using var otherGlyphs = Success(GlyphDataset.Render(seed: 4, TrainedGlyphClassifier.TwoDigits with { Count = 200 }));
        var noise = Support.Tensors.Uniform(3, -1, 1, float32, 200, 1, 32, 32);

        var glyphs = ImageMetrics.Evaluate(trained.Classifier, trained.HeldOut.Images, otherGlyphs.Images, swd: QuickSwd);
        var noisy = ImageMetrics.Evaluate(trained.Classifier, trained.HeldOut.Images, noise, swd: QuickSwd);

        Assert.True(noisy["classifier_fd"] > 10 * glyphs["classifier_fd"], $"FD: glyphs {glyphs["classifier_fd"]}, noise {noisy["classifier_fd"]}");
        Assert.True(noisy["precision"] < glyphs["precision"] - 0.3, $"precision: glyphs {glyphs["precision"]}, noise {noisy["precision"]}");
        Assert.True(noisy["recall"] < glyphs["recall"] - 0.3, $"recall: glyphs {glyphs["recall"]}, noise {noisy["recall"]}");
        Assert.True(noisy["swd"] > 3 * glyphs["swd"], $"SWD: glyphs {glyphs["swd"]}, noise {noisy["swd"]}");
        Assert.DoesNotContain(noisy, m => m.Name == "conditional_accuracy");
    }

    [Fact]
    public void An_unlabelled_source_is_rejected()
    {
        using var source = new MixtureBatches(GaussianMixture.Ring(), new DataOptions(4, 1, CPU));

        Assert.Throws<ArgumentException>(() => FeatureClassifier.Train(source));
    }
}
