using Functional.Data;
using Functional.Examples.Images;
using Functional.Examples.Mixtures;
using Functional.Samples;
using Functional.Training;
using Functional.Tests.Support;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Samples;

[Collection(GlobalGenerator.Name)]
public sealed class SamplePictureTests
{
    /// <summary>Only the shape and the classes of a data source matter to a picture.</summary>
    sealed class ShapeOnly(IReadOnlyList<long> shape, int classes) : IBatchSource
    {
        public IReadOnlyList<long> SampleShape => shape;
        public int Classes => classes;
        public Batch Next() => throw new NotSupportedException();
        public void Dispose() { }
    }

    [Fact]
    public void A_2d_picture_is_drawn_from_the_same_noise_every_time_without_moving_the_global_stream()
    {
        using var folder = new TempFolder();
        manual_seed(8);
        using var unforked = randn(3);

        manual_seed(8);
        using var session = Ring8.Definition.CreateSession(SessionOptions.Cpu(2));
        using var data = Ring8.Definition.CreateData!(new DataOptions(16, 2, CPU));
        manual_seed(8);
        Assert.True(SamplePicture.Write(session, data, "ring8", folder["a.png"]).Match(drawn => drawn, _ => false));
        Assert.True(SamplePicture.Write(session, data, "ring8", folder["b.png"]).Match(drawn => drawn, _ => false));
        using var next = randn(3);

        Assert.True(next.HasSameValuesAs(unforked));
        Assert.Equal(File.ReadAllBytes(folder["a.png"]), File.ReadAllBytes(folder["b.png"]));
        using var picture = SKBitmap.Decode(folder["a.png"]);
        Assert.Equal((MixtureScatter.Size, MixtureScatter.Size), (picture.Width, picture.Height));
    }

    [Fact]
    public void A_conditional_image_picture_has_one_row_per_class()
    {
        using var folder = new TempFolder();
        using var session = GlyphCgan.Definition.CreateSession(SessionOptions.Cpu());
        using var data = new ShapeOnly([1, 32, 32], GlyphCgan.Classes);

        Assert.True(SamplePicture.Write(session, data, "glyphs", folder["grid.png"]).Match(drawn => drawn, _ => false));

        using var grid = SKBitmap.Decode(folder["grid.png"]);
        const int cell = 32 + SampleExport.GridPadding;
        Assert.Equal(SamplePicture.GridColumns * cell + SampleExport.GridPadding, grid.Width);
        Assert.Equal(GlyphCgan.Classes * cell + SampleExport.GridPadding, grid.Height);
    }

    [Fact]
    public void Samples_that_are_neither_points_nor_images_are_not_drawn()
    {
        using var folder = new TempFolder();
        using var session = Ring8.Definition.CreateSession(SessionOptions.Cpu());
        using var data = new ShapeOnly([5], 0);

        Assert.False(SamplePicture.CanDraw(session, data));
        Assert.False(SamplePicture.Write(session, data, "x", folder["x.png"]).Match(drawn => drawn, _ => true));
        Assert.False(File.Exists(folder["x.png"]));
    }
}
