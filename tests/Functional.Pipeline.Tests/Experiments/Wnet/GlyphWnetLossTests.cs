using Functional.Examples.Glyphs;
using Functional.Losses;
using Functional.Tests.Data.Fonts;
using Functional.Tricks;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Experiments.Wnet;

/// <summary>
/// Every term of glyphs-wnet's losses, with W-Net-PyTorch's configure.yml weights: each is the
/// formula it says, a zero weight removes it, and the step's logged losses are exactly their sums.
/// </summary>
public sealed class GlyphWnetLossTests
{
    static readonly GlyphWnet.Settings Defaults = new();

    [Fact]
    public void The_loss_weights_are_configure_yml_and_the_discriminator_learns_faster()
    {
        var s = Defaults;
        Assert.Equal((3, 1, 50, 75, 3, 5, 0.2, 10, 0.1), (s.AdversarialWeight, s.ClassWeight, s.L1Weight, s.FeatureWeight, s.ContentConstancyWeight, s.StyleConstancyWeight, s.EncoderClassWeight, s.PenaltyWeight, s.LabelSmoothing));
        Assert.Equal((0.5, 0.999), (s.Beta1, s.Beta2));
        // The notes' 1e-4 for G learns slower on a CPU budget (docs/benchmarks.md); D stays at 1e-3, faster than G.
        Assert.Equal((5e-4, 1e-3), (s.GeneratorLearningRate, s.DiscriminatorLearningRate));
        Assert.Equal(0, s.DiscriminatorFeatureWeight);
    }

    [Fact]
    public void The_adversarial_class_and_penalty_terms_are_their_tricks_times_their_weights()
    {
        using var scope = NewDisposeScope();
        var (real, fake) = (Normal(1, float64, 6, 1), Normal(2, float64, 6, 1));
        var logits = Normal(3, float64, 6, 7);
        var labels = Labels(4, 7, 6);
        var gradients = Normal(5, float64, 6, 1, 16, 16);
        Assert.Equal(3 * Value(NonSaturating.Discriminator(real, fake)), Value(GlyphWnet.DiscriminatorLoss(real, fake, Defaults)), 10);
        Assert.Equal(3 * Value(NonSaturating.Generator(fake)), Value(GlyphWnet.GeneratorLoss(fake, Defaults)), 10);
        Assert.Equal(Value(LabelSmoothing.CrossEntropy(logits, labels, 0.1)), Value(GlyphWnet.CharacterLoss(logits, labels, Defaults)), 10);
        Assert.Equal(Value(LabelSmoothing.CrossEntropy(logits, labels, 0.1)), Value(GlyphWnet.FontLoss(logits, labels, Defaults)), 10);
        Assert.Equal(Value(LabelSmoothing.CrossEntropy(logits, labels, 0)), Value(GlyphWnet.FontLoss(logits, labels, Defaults with { LabelSmoothing = 0 })), 10);
        Assert.Equal(Value(GradientPenalties.WganGp(gradients, 10)), Value(GlyphWnet.WganGp(gradients, Defaults)), 10);
        Assert.Equal(0, Value(GlyphWnet.WganGp(gradients, Defaults with { PenaltyWeight = 0 })));
        Assert.Equal(0, Value(GlyphWnet.CharacterLoss(logits, labels, Defaults with { ClassWeight = 0 })));
    }

    [SkippableFact]
    public void Reconstruction_is_fifty_L1_plus_seventy_five_classifier_feature_distance()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        using var scope = NewDisposeScope();
        var s = WnetSessions.Tiny;
        using var features = WnetSessions.Features(s);
        var (generated, target) = (Uniform(6, -1, 1, float32, 4, 1, 16, 16), Uniform(7, -1, 1, float32, 4, 1, 16, 16));
        var (a, b) = (features.Activations(generated), features.Activations(target));
        Assert.Equal(4, a.Count);
        var perceptual = a.Zip(b, (x, y) => Value((x - y).square().mean())).Sum() / 4;
        var l1 = Value((generated - target).abs().mean());
        Assert.Equal(50 * l1 + 75 * perceptual, Value(GlyphWnet.Reconstruction(generated, target, features, s)), 3);
        Assert.Equal(50 * l1, Value(GlyphWnet.Reconstruction(generated, target, features, s with { FeatureWeight = 0 })), 4);
    }

    [Fact]
    public void Constancy_and_encoder_classification_read_the_generators_own_encoders()
    {
        using var scope = NewDisposeScope();
        using var g = new Functional.Networks.WNetGenerator(16, 4, characters: 7, fonts: 3);
        var batch = new Functional.Data.Batch(Uniform(8, -1, 1, float32, 5, 1, 16, 16), Labels(9, 7, 5), Uniform(10, -1, 1, float32, 5, 2, 16, 16), Labels(11, 3, 5));
        var (generated, codes) = g.call(batch.Source!);
        var (content, style) = g.SplitCodes(codes);
        Assert.Equal(2 * g.Top, codes.size(1));
        AssertClose(g.EncodeContent(batch.Source!.narrow(1, 0, 1)), content, 1e-5, "the content code of the forward pass");
        AssertClose(g.EncodeStyle(batch.Source!.narrow(1, 1, 1)), style, 1e-5, "the style code of the forward pass");

        var expected = 3 * Value((g.EncodeContent(generated) - content).square().mean()) + 5 * Value((g.EncodeStyle(generated) - style).square().mean());
        Assert.Equal(expected, Value(GlyphWnet.Constancy(g, generated, codes, batch, Defaults)), 4);
        Assert.Equal(0, Value(GlyphWnet.Constancy(g, generated, codes, batch, Defaults with { ContentConstancyWeight = 0, StyleConstancyWeight = 0 })));

        var classification = 0.2 * (Value(LabelSmoothing.CrossEntropy(g.ClassifyContent(content), batch.Labels!, 0.1)) + Value(LabelSmoothing.CrossEntropy(g.ClassifyStyle(style), batch.StyleLabels!, 0.1)));
        Assert.Equal(classification, Value(GlyphWnet.EncoderClassification(g, generated, codes, batch, Defaults)), 5);
    }

    [Fact]
    public void The_discriminators_features_are_an_option_off_by_default()
    {
        using var scope = NewDisposeScope();
        using var d = new Functional.Networks.WNetDiscriminator(16, 4, characters: 7, fonts: 3);
        var (generated, real) = (Uniform(12, -1, 1, float32, 3, 3, 16, 16), Uniform(13, -1, 1, float32, 3, 3, 16, 16));
        Assert.Equal(0, Value(GlyphWnet.DiscriminatorFeatures(d, generated, real, Defaults)));
        var (a, b) = (d.Features(generated), d.Features(real));
        var expected = 75 * a.Zip(b, (x, y) => Value((x - y).square().mean())).Sum();
        Assert.Equal(expected, Value(GlyphWnet.DiscriminatorFeatures(d, generated, real, Defaults with { DiscriminatorFeatureWeight = 75 })), 3);
    }

    [SkippableFact]
    public void The_discriminators_logged_loss_is_the_sum_of_its_terms()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var s = WnetSessions.Tiny;
        using var session = WnetSessions.Session(s);
        using var data = WnetSessions.Data(s);
        using var scope = NewDisposeScope();
        var batch = data.Next();
        var (g, d) = (WnetSessions.Generator(session), WnetSessions.Discriminator(session));
        using var random = new Generator(0);
        random.set_state(session.Random.get_state());   // the interpolation points the step will draw
        var fake = g.call(batch.Source!).Output.detach();
        var (realLogits, realClasses, realFonts) = d.call(GlyphWnet.Condition(batch.Real, batch));
        var (fakeLogits, fakeClasses, fakeFonts) = d.call(GlyphWnet.Condition(fake, batch));
        var points = GradientPenalties.Interpolate(batch.Real, fake, random).requires_grad_(true);
        var penalty = Value(GlyphWnet.WganGp(GradientPenalties.InputGradients(d.call(GlyphWnet.Condition(points, batch)).Logits, points), s));
        var expected = Value(GlyphWnet.DiscriminatorLoss(realLogits, fakeLogits, s))
            + Value(GlyphWnet.CharacterLoss(realClasses, batch.Labels!, s)) + Value(GlyphWnet.CharacterLoss(fakeClasses, batch.Labels!, s))
            + Value(GlyphWnet.FontLoss(realFonts, batch.StyleLabels!, s)) + Value(GlyphWnet.FontLoss(fakeFonts, batch.StyleLabels!, s))
            + penalty;

        session.Step(batch);
        var logged = session.Losses.Read();
        Assert.Equal(penalty, logged.Penalty, 4);
        Assert.Equal(expected, logged.Discriminator, 3);
    }

    [SkippableFact]
    public void The_generators_logged_loss_is_the_sum_of_its_terms()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var s = WnetSessions.Tiny with { DiscriminatorLearningRate = 0, DiscriminatorFeatureWeight = 75 };
        using var session = WnetSessions.Session(s);
        using var data = WnetSessions.Data(s);
        using var features = WnetSessions.Features(s);
        using var scope = NewDisposeScope();
        var batch = data.Next();
        var (g, d) = (WnetSessions.Generator(session), WnetSessions.Discriminator(session));
        double expected;
        using (no_grad())
        {
            var (generated, codes) = g.call(batch.Source!);
            var seen = GlyphWnet.Condition(generated, batch);
            var (logits, classes, fonts) = d.call(seen);
            expected = Value(GlyphWnet.GeneratorLoss(logits, s)) + Value(GlyphWnet.CharacterLoss(classes, batch.Labels!, s)) + Value(GlyphWnet.FontLoss(fonts, batch.StyleLabels!, s))
                + Value(GlyphWnet.Reconstruction(generated, batch.Real, features, s))
                + Value(GlyphWnet.Constancy(g, generated, codes, batch, s)) + Value(GlyphWnet.EncoderClassification(g, generated, codes, batch, s))
                + Value(GlyphWnet.DiscriminatorFeatures(d, seen, GlyphWnet.Condition(batch.Real, batch), s));
        }
        session.Step(batch);
        Assert.Equal(expected, session.Losses.Read().Generator, 2);
    }
}
