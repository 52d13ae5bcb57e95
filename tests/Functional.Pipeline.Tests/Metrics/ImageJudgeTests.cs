using Functional.Data;
using Functional.Metrics;
using Xunit;
using static Functional.Tests.Support.Fins;
using static TorchSharp.torch;

namespace Functional.Tests.Metrics;

/// <summary>
/// The judges of image experiments: the rotation task an unlabelled set labels itself, and what
/// the two judges report, on glyphs (which have an up and a down) with tiny classifiers.
/// </summary>
public sealed class ImageJudgeTests
{
    static readonly FeatureClassifierOptions Tiny = new(Steps: 80, LearningRate: 3e-3, Width: 8, FeatureSize: 32, Seed: 4);
    static readonly SlicedWassersteinOptions QuickSwd = new(PatchesPerImage: 8, Projections: 32, ProjectionsPerRepeat: 32);

    [Fact]
    public void Rotation_batches_turn_each_image_by_its_label_and_keep_the_set_unlabelled()
    {
        using var glyphs = Success(GlyphDataset.Render(seed: 3, new GlyphOptions { Count = 40 }));
        using var rotations = new RotationBatches(LabelledImageSource.Over(glyphs, new DataOptions(40, 1, CPU)), seed: 2);
        using var scope = NewDisposeScope();
        var batch = rotations.Next();

        Assert.Equal(4, rotations.Classes);
        var labels = batch.Labels!.data<long>().ToArray();
        Assert.All(labels, k => Assert.InRange(k, 0, 3));
        Assert.True(labels.Distinct().Count() > 1, "one turn for every image");
        // Each turned image, turned back by its label, is one of the set's images.
        for (var i = 0; i < 40; i++)
        {
            var back = RotationBatches.Turned(batch.Real[i].unsqueeze(0), (int)(4 - labels[i]));
            Assert.True((glyphs.Images - back).abs().amax([1, 2, 3]).min().item<float>() == 0, $"image {i} is not a turned glyph");
        }
    }

    [Fact]
    public void The_rotation_judge_needs_no_labels_and_tells_real_images_from_noise()
    {
        using var training = Success(GlyphDataset.Render(seed: 1, new GlyphOptions { Count = 400 }));
        using var unlabelled = LabelledImages.Unlabelled(training.Images.clone());
        using var judge = ImageJudge.ForRotations(unlabelled, Tiny, QuickSwd);
        using var others = Success(GlyphDataset.Render(seed: 2, new GlyphOptions { Count = 400 }));
        using var scope = NewDisposeScope();

        var real = judge.Evaluate(others.Images);
        var noise = judge.Evaluate(rand(400, 1, 32, 32) * 2 - 1);

        Assert.Equal("rotations", judge.FeatureSpace);
        Assert.DoesNotContain(real, m => m.Name == ImageMetrics.ConditionalAccuracy);
        Assert.True(real[FrechetDistance.Name] * 5 < noise[FrechetDistance.Name], $"glyphs {real}; noise {noise}");
        Assert.True(real[PrecisionRecall.RecallName] > noise[PrecisionRecall.RecallName] + 0.3, $"glyphs {real}; noise {noise}");
        Assert.True(real[SlicedWasserstein.Name] < noise[SlicedWasserstein.Name], $"glyphs {real}; noise {noise}");
    }

    [Fact]
    public void The_class_judge_scores_conditional_samples_beside_its_accuracy_on_the_reference()
    {
        using var training = Success(GlyphDataset.Render(seed: 1, new GlyphOptions { Characters = "38", Count = 256 }));
        using var reference = Success(GlyphDataset.Render(seed: 2, new GlyphOptions { Characters = "38", Count = 100 }));
        using var judge = ImageJudge.ForClasses(training, reference, conditionalClasses: 2, Tiny, QuickSwd);
        using var scope = NewDisposeScope();

        // Glyph i has class i mod 2, as the labels the judge reads samples for: the reference itself scores as it does.
        var metrics = judge.Evaluate(reference.Images);

        Assert.Equal(judge.ReferenceAccuracy!.Value, metrics[ImageJudge.RealAccuracy]);
        Assert.Equal(metrics[ImageJudge.RealAccuracy], metrics[ImageMetrics.ConditionalAccuracy], 12);
        Assert.True(metrics[ImageJudge.RealAccuracy] > 0.8, metrics.ToString());
        Assert.Equal(0, metrics[FrechetDistance.Name], 6);
    }

    [Fact]
    public void Judged_images_pass_batches_through_and_build_the_judge_once_on_first_use()
    {
        using var glyphs = Success(GlyphDataset.Render(seed: 1, new GlyphOptions { Count = 64 }));
        var built = 0;
        using var data = new JudgedImages(LabelledImageSource.Over(glyphs, new DataOptions(8, 1, CPU)), () =>
        {
            built++;
            return ImageJudge.ForRotations(glyphs, Tiny with { Steps = 2 }, QuickSwd);
        });
        using var scope = NewDisposeScope();

        Assert.Equal([8L, 1, 32, 32], data.Next().Real.shape);
        Assert.Equal(0, built);
        Assert.Same(JudgedImages.Of(data), JudgedImages.Of(data));
        Assert.Equal(1, built);
        using var plain = LabelledImageSource.Over(glyphs, new DataOptions(8, 1, CPU));
        Assert.Contains("JudgedImages", Assert.Throws<ArgumentException>(() => JudgedImages.Of(plain)).Message);
    }
}
