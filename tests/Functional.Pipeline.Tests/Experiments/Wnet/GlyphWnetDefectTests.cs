using Functional.Data;
using Functional.Examples.Glyphs;
using Functional.Networks;
using Functional.Tests.Data.Fonts;
using Functional.Tests.Support;
using Functional.Tricks;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Experiments.Wnet;

/// <summary>
/// W-Net-PyTorch's known defects, one test each that would fail on that code: the penalty's norm
/// per pixel, the penalty of a sum of three heads, the double softmax, the font term twice to the
/// generator and never from the discriminator's font head, the penalty only with label smoothing,
/// BatchNorm in the penalized discriminator, and repeated characters.
/// </summary>
public sealed class GlyphWnetDefectTests
{
    [Fact]
    public void The_penalty_takes_each_samples_gradient_norm_over_all_its_pixels()
    {
        // W-Net-PyTorch: gradients.norm(2, dim=1) of a [B, 1, 64, 64] gradient is a norm per pixel.
        using var scope = NewDisposeScope();
        var gradients = Normal(1, float64, 4, 1, 16, 16) * 0.1;
        var settings = new GlyphWnet.Settings();
        var perSample = (linalg.vector_norm(gradients.flatten(1), dims: [1]) - 1).square().mean() * settings.PenaltyWeight;
        var perPixel = (linalg.vector_norm(gradients, dims: [1]) - 1).square().mean() * settings.PenaltyWeight;
        Assert.Equal(Value(perSample), Value(GlyphWnet.WganGp(gradients, settings)), 10);
        Assert.True(Math.Abs(Value(perPixel) - Value(perSample)) > 1, "the test tells the two norms apart");
    }

    [Fact]
    public void A_samples_input_gradient_is_its_own_whatever_else_is_in_the_batch()
    {
        // BatchNorm couples samples: then sample 0's gradient changes with sample 1. GroupNorm does not.
        using var scope = NewDisposeScope();
        using var d = new WNetDiscriminator(16, 8, characters: 5, fonts: 3);
        Assert.Empty(NormalizationAudit.BatchNormLayers(d));
        var first = Normal(2, float32, 1, 3, 16, 16);
        Tensor GradientOfFirst(Tensor other)
        {
            var x = cat([first, other], 0).requires_grad_(true);
            return GradientPenalties.InputGradients(d.call(x).Logits, x)[0];
        }
        AssertClose(GradientOfFirst(Normal(3, float32, 1, 3, 16, 16)), GradientOfFirst(Normal(4, float32, 1, 3, 16, 16) * 5), 1e-6, "sample 0's input gradient beside two different samples");
    }

    [Fact]
    public void The_discriminator_returns_logits_so_a_class_loss_can_approach_its_floor()
    {
        // W-Net-PyTorch's heads returned softmax probabilities and its loss took log-softmax again: with
        // K classes the cross-entropy of such "logits" in [0, 1] never goes below log(1 + (K − 1)/e).
        using var scope = NewDisposeScope();
        const int classes = 50;
        using var d = new WNetDiscriminator(16, 8, characters: classes, fonts: 3);
        var x = Normal(5, float32, 8, 3, 16, 16);
        var labels = arange(8, dtype: int64) * 3;
        using var optimizer = optim.Adam(d.parameters(), 1e-3);
        double loss = double.NaN;
        for (var step = 0; step < 60; step++)
        {
            optimizer.zero_grad();
            var ce = LabelSmoothing.CrossEntropy(d.call(x).ClassLogits, labels, 0);
            ce.backward();
            optimizer.step();
            loss = Value(ce);
        }
        var floorOfDoubleSoftmax = Math.Log(1 + (classes - 1) / Math.E);
        Assert.True(loss < floorOfDoubleSoftmax / 4, $"cross-entropy {loss:0.###} after 60 steps; a double softmax cannot go below {floorOfDoubleSoftmax:0.###}");
        var logits = d.call(x).ClassLogits;
        Assert.False(Approximately.Equal(Value(logits.sum(1)[0]), 1, 1e-3) && Value(logits.min()) >= 0, "the class head's outputs are not probabilities");
    }

    [SkippableFact]
    public void The_penalty_trains_the_real_fake_head_only_and_runs_without_label_smoothing()
    {
        // W-Net-PyTorch differentiated the sum of its three heads, and ran the penalty only with label smoothing on.
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var penaltyOnly = WnetSessions.Tiny with { AdversarialWeight = 0, ClassWeight = 0, LabelSmoothing = 0 };
        using var session = WnetSessions.Session(penaltyOnly);
        using var data = WnetSessions.Data(penaltyOnly);
        var d = WnetSessions.Discriminator(session);
        var before = d.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using (var scope = NewDisposeScope()) session.Step(data.Next());
        Assert.True(session.Losses.Read().Penalty > 0, "the penalty ran with label smoothing 0");
        var moved = d.named_parameters().Where(p => !before[p.name].equal(p.parameter).all().item<bool>()).Select(p => p.name).ToArray();
        Assert.Contains(moved, name => name.StartsWith("logits"));
        Assert.DoesNotContain(moved, name => name.StartsWith("characters") || name.StartsWith("fonts"));
    }

    [SkippableFact]
    public void The_font_term_reaches_the_generator_once_from_each_head_and_the_discriminators_font_head_learns()
    {
        // W-Net-PyTorch overwrote its discriminator font term with the style encoder's, so the encoder's
        // reached the generator twice and the discriminator's font head never did.
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var fontsOnly = WnetSessions.Tiny with
        {
            AdversarialWeight = 0, L1Weight = 0, FeatureWeight = 0, ContentConstancyWeight = 0, StyleConstancyWeight = 0,
            DiscriminatorLearningRate = 0,   // D unchanged by its phase, so the generator's loss can be recomputed here
        };
        using var session = WnetSessions.Session(fontsOnly);
        using var data = WnetSessions.Data(fontsOnly);
        using var scope = NewDisposeScope();
        var batch = data.Next();
        var (g, d) = (WnetSessions.Generator(session), WnetSessions.Discriminator(session));
        double characters, fontHead, encoders;
        using (no_grad())
        {
            var (generated, codes) = g.call(batch.Source!);
            var (_, classLogits, styleLogits) = d.call(GlyphWnet.Condition(generated, batch));
            characters = Value(GlyphWnet.CharacterLoss(classLogits, batch.Labels!, fontsOnly));
            fontHead = Value(GlyphWnet.FontLoss(styleLogits, batch.StyleLabels!, fontsOnly));
            var (content, style) = g.SplitCodes(codes);
            encoders = 0.2 * Value(LabelSmoothing.CrossEntropy(g.ClassifyContent(content), batch.Labels!, 0.1) + LabelSmoothing.CrossEntropy(g.ClassifyStyle(style), batch.StyleLabels!, 0.1));
        }
        session.Step(batch);
        Assert.Equal(characters + fontHead + encoders, session.Losses.Read().Generator, 4);

        // And with a learning rate, the discriminator's font head learns from its term.
        var learning = fontsOnly with { DiscriminatorLearningRate = 1e-3, PenaltyWeight = 0 };
        using var trained = WnetSessions.Session(learning);
        var fonts = WnetSessions.Discriminator(trained).named_parameters().Single(p => p.name == "fonts.weight").parameter.detach().clone();
        trained.Step(batch);
        Assert.False(fonts.equal(WnetSessions.Discriminator(trained).named_parameters().Single(p => p.name == "fonts.weight").parameter).all().item<bool>());
    }

    [SkippableFact]
    public void The_characters_are_each_once_and_training_and_test_characters_never_meet()
    {
        // W-Net-PyTorch's character list held repeats, so one character had two labels.
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        using var data = WnetSessions.Data(WnetSessions.Tiny);
        var table = data.Table;
        Assert.Equal(GlyphWnet.Characters, table.TrainingCharacters.Count);
        Assert.Equal(table.Characters.Count, table.Characters.Distinct().Count());
        Assert.Empty(table.TrainingCharacters.Intersect(table.TestCharacters));
    }
}
