using Functional.Data;
using Functional.Examples.Glyphs;
using Functional.Metrics;
using Functional.Tests.Data.Fonts;
using Functional.Training;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Functional.Tests.Experiments.Wnet;

/// <summary>
/// glyphs-wnet end to end, small: 16 px glyphs, narrow networks, a short run from the built-in
/// fonts; then every unseen font × unseen character translated and compared with the true glyph,
/// against the three baselines. Margins are several times the spread between seeds, so any CPU's
/// kernels (CI runs it again on another instruction set) land on the same side.
/// </summary>
[Trait("Category", "Training")]
public sealed class GlyphWnetTrainingTests(ITestOutputHelper output)
{
    public const long Steps = 1500;
    public static readonly GlyphWnet.Settings Small = new(Size: 16, Width: 8, ClassifierSteps: 100);

    [SkippableFact]
    public void A_short_run_beats_every_baseline_on_unseen_fonts_and_characters()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var definition = GlyphWnet.Definition.WithSettings(Small);
        using var session = definition.CreateSession(SessionOptions.Cpu(seed: 3));
        using var data = definition.CreateData!(new DataOptions(16, Seed: 3, CPU));
        var report = Trainer.Train(session, data, new TrainingOptions(Steps, LogEvery: 0));
        Assert.Equal(Steps, report.StepsDone);

        var judge = WnetJudge.For(GlyphWnet.Table(new DataOptions(1, 0, CPU), Small));
        using var scope = NewDisposeScope();
        var model = judge.Pixels(judge.Translations(batch => session.Translate(batch), CPU));
        output.WriteLine($"after {Steps} steps ({report.Elapsed.TotalSeconds:0} s): {model}");
        foreach (var (name, baseline) in judge.PixelBaselines)
        {
            output.WriteLine($"baseline {name}: {baseline}");
            Assert.True(model[WnetJudge.L1] < 0.97 * baseline[WnetJudge.L1], $"L1 {model[WnetJudge.L1]:0.####} against {name}'s {baseline[WnetJudge.L1]:0.####}");
            Assert.True(model[StructuralSimilarity.Name] > baseline[StructuralSimilarity.Name] + 0.01, $"SSIM {model[StructuralSimilarity.Name]:0.####} against {name}'s {baseline[StructuralSimilarity.Name]:0.####}");
        }
    }
}
