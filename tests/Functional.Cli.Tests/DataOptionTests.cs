using Functional.Cli;
using Functional.Data;
using Functional.Examples;
using Functional.Examples.Images;
using Functional.Training;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Cli.Tests;

/// <summary>`train --data`: a missing or empty folder, data that does not fit the networks, an experiment that reads no files.</summary>
public sealed class DataOptionTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("functional-data-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    (int Code, string Err) Train(string experiment, string data)
    {
        var request = new TrainRequest(experiment, 2, 4, 0, "cpu", null, Path.Combine(root, "runs"), 1, 0, Data: data);
        var errors = new StringWriter();
        var code = TrainCommand.Run(request, BuiltInExperiments.All, TextWriter.Null, errors, CancellationToken.None);
        return (code, errors.ToString());
    }

    [Fact]
    public void A_missing_or_empty_data_folder_is_named_and_no_run_folder_is_made()
    {
        var missing = Path.Combine(root, "nope");
        var (code, err) = Train("glyphs-cgan", missing);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"error: data: {missing}: data folder not found", err.Trim());

        var empty = Directory.CreateDirectory(Path.Combine(root, "empty")).FullName;
        (code, err) = Train("glyphs-cgan", empty);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{empty}: empty folder", err);
        Assert.False(Directory.Exists(Path.Combine(root, "runs")));
    }

    [Fact]
    public void Data_with_other_classes_than_the_conditional_networks_is_refused()
    {
        foreach (var name in new[] { "circle", "square", "triangle" })
        {
            Directory.CreateDirectory(Path.Combine(root, "shapes", name));
            using var bitmap = new SKBitmap(8, 8);
            using var image = SKImage.FromBitmap(bitmap);
            foreach (var file in new[] { "1.png", "2.png" })
                File.WriteAllBytes(Path.Combine(root, "shapes", name, file), image.Encode(SKEncodedImageFormat.Png, 100).ToArray());
        }
        var (code, err) = Train("glyphs-cgan", Path.Combine(root, "shapes"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error: data: the data has 3 classes, and glyphs-cgan is conditional on 10", err.Trim());
    }

    [Fact]
    public void An_experiment_that_makes_its_own_data_refuses_data()
    {
        var (code, err) = Train("ring8", root);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--data: experiment 'ring8' makes its own data and reads no files", err);
    }

    sealed class ColourImages : IBatchSource
    {
        public IReadOnlyList<long> SampleShape => [3, 32, 32];
        public int Classes => GlyphCgan.Classes;
        public Batch Next() => throw new NotSupportedException();
        public void Dispose() { }
    }

    [Fact]
    public void Data_whose_samples_do_not_fit_the_generator_names_both_shapes()
    {
        using var session = GlyphCgan.Definition.CreateSession(SessionOptions.Cpu());
        var fits = Trainer.CheckData(GlyphCgan.Definition, session, new ColourImages());
        Assert.Equal("the data's samples have shape [3, 32, 32], and glyphs-cgan's generator makes [1, 32, 32]",
            fits.Match(_ => "fits", e => e.Message));
        using var glyphs = GlyphCgan.Definition.CreateData!(new DataOptions(4, 0, CPU));
        Assert.True(Trainer.CheckData(GlyphCgan.Definition, session, glyphs).IsSucc);
    }
}
