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
/// glyphs-wnet end to end, small: 16 px glyphs, narrow networks, 1,800 steps from the built-in
/// fonts (about a minute of one CPU thread); then every unseen font × unseen character translated
/// and compared with the true glyph, against the three baselines. At this length the model beats
/// all three on L1 (by 3–6 % over seeds 0 and 1 at 1,500 steps, where the seeds differ by 1 %; the
/// bar is 1.5 %), and copying the content or the style glyph on SSIM by wide margins; against the
/// nearest training font its SSIM is within ±0.005 at this length, so that one is printed, not
/// asserted (docs/benchmarks.md has the longer runs). CI runs it again on another instruction set.
/// </summary>
[Trait("Category", "Training")]
public sealed class GlyphWnetTrainingTests(ITestOutputHelper output)
{
    public const long Steps = 1800;
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
            Assert.True(model[WnetJudge.L1] < 0.985 * baseline[WnetJudge.L1], $"L1 {model[WnetJudge.L1]:0.####} against {name}'s {baseline[WnetJudge.L1]:0.####}");
            if (name != WnetJudge.NearestFont)
                Assert.True(model[StructuralSimilarity.Name] > baseline[StructuralSimilarity.Name] + 0.02, $"SSIM {model[StructuralSimilarity.Name]:0.####} against {name}'s {baseline[StructuralSimilarity.Name]:0.####}");
        }
    }
}
