using Functional.Cli;
using Functional.Data;
using Functional.Examples;
using Functional.Examples.Images;
using SkiaSharp;
using Functional.Training;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Cli.Tests;

/// <summary>
/// The image example the CLI ships, without its minutes of training: its ablation variants and one
/// step of each. (Here because this is the test project that references the examples.)
/// </summary>
[Trait("Category", "Training")]
public sealed class GlyphCganTests
{
    [Fact]
    public void Each_ablation_variant_switches_off_one_setting_of_the_stack()
    {
        var stack = new GlyphCgan.Settings();
        var changed = GlyphCgan.Variants.Skip(1).Select(variant =>
        {
            using var session = (GlyphCgan.Session)variant.Definition.CreateSession(SessionOptions.Cpu());
            return typeof(GlyphCgan.Settings).GetProperties()
                .Where(p => !Equals(p.GetValue(session.Hyperparameters), p.GetValue(stack)))
                .Select(p => p.Name).Single();
        });

        Assert.Equal("all tricks", GlyphCgan.Variants[0].Name);
        Assert.Same(GlyphCgan.Definition, GlyphCgan.Variants[0].Definition);
        Assert.Equal(["SpectralNorm", "R1Gamma", "DiscriminatorLearningRate", "EmaDecay"], changed);
        Assert.Equal(GlyphCgan.Variants.Count, GlyphCgan.Variants.Select(v => v.Name).Distinct().Count());
    }

    [Fact]
    public void Every_variant_steps_on_labelled_32_by_32_images_and_samples_them()
    {
        foreach (var variant in GlyphCgan.Variants)
        {
            using var scope = NewDisposeScope();
            manual_seed(0);
            using var session = variant.Definition.CreateSession(SessionOptions.Cpu());
            session.Step(new Batch(rand(4, 1, 32, 32) * 2 - 1, arange(4, dtype: ScalarType.Int64)));   // step 0 runs the lazy R1

            var losses = session.Losses.Read();
            Assert.True(double.IsFinite(losses.Discriminator) && double.IsFinite(losses.Generator), $"{variant.Name}: {losses}");
            var samples = session.Sample(GlyphCgan.Classes);
            Assert.Equal([10L, 1, 32, 32], samples.shape);
            Assert.True(samples.abs().max().item<float>() <= 1, $"{variant.Name}: tanh output out of [-1, 1]");
        }
    }

    [Fact]
    public void Sample_writes_an_image_run_as_a_png_grid_with_a_column_per_class_and_an_npy_tensor()
    {
        var folder = Directory.CreateTempSubdirectory("functional-glyph-sample-").FullName;
        try
        {
            var config = new RunConfig("glyphs-cgan", Steps: 10, BatchSize: 4, Seed: 0, "cpu", LogEvery: 1, EvaluateEvery: 0, CheckpointEvery: 0, Keep: 1);
            File.WriteAllText(Path.Combine(folder, RunConfig.FileName), config.ToJson());
            using (var session = GlyphCgan.Definition.CreateSession(SessionOptions.Cpu()))
            using (var data = GlyphCgan.Definition.CreateData!(new DataOptions(4, 0, CPU)))
                Assert.True(new Checkpoints(folder, 1).Save(session, data, GlyphCgan.Definition.Name, config.ToJson()).IsSucc);

            var (output, errors) = (new StringWriter(), new StringWriter());
            Assert.Equal(ExitCodes.Ok, SampleCommand.Run(folder, 20, null, null, BuiltInExperiments.All, output, errors));

            using var grid = SKBitmap.Decode(Directory.GetFiles(folder, "samples-step0-*.png").Single());
            Assert.Equal((10 * (32 + 2) + 2, 2 * (32 + 2) + 2), (grid.Width, grid.Height));
            var npy = File.ReadAllBytes(Directory.GetFiles(folder, "samples-step0-*.npy").Single());
            Assert.Contains("'shape': (20, 1, 32, 32)", System.Text.Encoding.ASCII.GetString(npy, 0, 128));
            Assert.Equal(128 + 20 * 32 * 32 * 4, npy.Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
