using Functional.Data;
using Functional.Tests.Support;
using TorchSharp;
using Xunit;
using static Functional.Tests.Support.Fins;
using static TorchSharp.torch;

namespace Functional.Tests.Data;

public sealed class GlyphDatasetTests
{
    static readonly GlyphOptions Small = new() { Count = 60, Characters = "012" };

    [Fact]
    public void Renders_balanced_labelled_32x32_grayscale_images_in_the_unit_range()
    {
        using var data = Success(GlyphDataset.Render(seed: 1, Small));

        Assert.Equal([60L, 1, 32, 32], data.Images.shape);
        Assert.Equal(ScalarType.Float32, data.Images.dtype);
        Assert.Equal(ScalarType.Int64, data.Labels.dtype);
        Assert.Equal(["0", "1", "2"], data.ClassNames);
        Assert.Equal([20L, 20, 20], data.Labels.bincount(null).data<long>().ToArray());
        Assert.True(data.Images.min().item<float>() >= -1 && data.Images.max().item<float>() <= 1);
        // Every image has ink and background: white strokes on black.
        var perImage = data.Images.flatten(1);
        Assert.True((perImage.max(1).values > 0.9).all().item<bool>(), "an image without ink");
        Assert.True((perImage.min(1).values < -0.9).all().item<bool>(), "an image without background");
    }

    [Fact]
    public void Is_deterministic_for_a_seed_and_differs_between_seeds()
    {
        using var first = Success(GlyphDataset.Render(seed: 7, Small));
        using var again = Success(GlyphDataset.Render(seed: 7, Small));
        using var other = Success(GlyphDataset.Render(seed: 8, Small));

        Assert.True((first.Images == again.Images).all().item<bool>());
        Assert.False((first.Images == other.Images).all().item<bool>());
    }

    [Fact]
    public void Images_of_one_class_vary()
    {
        using var data = Success(GlyphDataset.Render(seed: 3, Small));
        var zeros = data.Images.index_select(0, nonzero(data.Labels == 0).flatten());

        Assert.True((zeros - zeros.mean([0])).abs().mean().item<float>() > 0.05, "the jitter does not change the images");
    }

    [Fact]
    public void Serves_shuffled_batches_that_cover_an_epoch()
    {
        using var source = Success(GlyphDataset.Open(new DataOptions(BatchSize: 20, Seed: 5, CPU), Small));
        using var scope = NewDisposeScope();

        var batches = Enumerable.Range(0, 3).Select(_ => source.Next()).ToArray();

        Assert.All(batches, b => Assert.Equal([20L, 1, 32, 32], b.Real.shape));
        Assert.Equal(3, source.Classes);
        Assert.Equal([1L, 32, 32], source.SampleShape);
        var seen = cat(batches.Select(b => b.Real.flatten(1)).ToArray(), 0);
        Assert.Equal(60, unique(seen, dim: 0).output.size(0));   // a permutation, not draws with replacement
        var labels = cat(batches.Select(b => b.Labels!).ToArray(), 0);
        Assert.Equal([20L, 20, 20], labels.bincount(null).data<long>().ToArray());
        Assert.NotEqual(source.Data.Labels.data<long>().ToArray(), labels.data<long>().ToArray());
    }

    [Fact]
    public void A_missing_font_names_the_path_and_the_package()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-font-folder", "DejaVuSans.ttf");

        Failure(GlyphDataset.Render(1, Small with { FontFiles = [missing] }), missing, "fonts-dejavu-core");
    }

    [Fact]
    public void A_file_that_is_not_a_font_is_named()
    {
        using var folder = new TempFolder();
        var file = folder.Write("fake.ttf", [1, 2, 3]);

        Failure(GlyphDataset.Render(1, Small with { FontFiles = [file] }), file, "not a font");
    }

    [Fact]
    public void A_batch_larger_than_the_set_is_an_error()
    {
        Failure(GlyphDataset.Open(new DataOptions(61, 1, CPU), Small), "batch size 61", "60 images");
    }
}
