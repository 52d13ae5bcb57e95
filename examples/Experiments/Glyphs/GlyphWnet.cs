using Functional.Data;
using Functional.Data.Fonts;
using Functional.Losses;
using Functional.Metrics;
using Functional.Networks;
using Functional.Optimizers;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Examples.Glyphs;

/// <summary>
/// W-Net (Jiang, Yang, Huang and Zhang, ICONIP 2018): one-shot Chinese glyph style transfer. Given
/// a character in the content font and one glyph of another character in a font it has never seen,
/// draw the character in that font. The generator reads both through two encoders; the
/// discriminator judges (image, content, style) with real/fake, character and font heads. The loss
/// weights are W-Net-PyTorch's configure.yml; the known defects of that code are not here
/// (docs/tricks.md, "W-Net"): the penalty is per sample and on the real/fake logits alone, no head
/// applies a softmax before the loss, the font term reaches the generator once from the
/// discriminator and once from the style encoder, the penalty does not depend on label smoothing,
/// the discriminator has GroupNorm instead of BatchNorm, and the character list has no repeats.
/// Trained on the 13 training fonts of <see cref="BuiltInCjkFonts"/> (or a folder's with --data),
/// judged on 5 unseen fonts and 100 unseen characters (<see cref="WnetJudge"/>).
/// </summary>
[GanExperiment("glyphs-wnet", Classes = Characters, Steps = 3000, BatchSize = 16, EvaluateEvery = 500,
    Description = "W-Net one-shot CJK glyph style transfer on Debian's fonts: two encoders, conditioned D with font and character heads, per-sample GP, classifier features")]
public static partial class GlyphWnet
{
    /// <summary>Training characters: the character heads' classes.</summary>
    public const int Characters = 500;

    /// <summary>Test characters, disjoint from the training ones.</summary>
    public const int TestCharacters = 100;

    /// <summary>Held-out pairs per evaluation: every test font × test character of the built-in split.</summary>
    public const int EvaluationPairs = 500;

    /// <summary>
    /// The knobs. Loss weights are W-Net-PyTorch's configure.yml (α 3, β_d 1, λ_L1 50, λ_φ 75,
    /// φ_p 3, φ_r 5, β_p = β_r 0.2, α_GP 10, smoothing 0.1, Adam(0.5, 0.999)); each trick's neutral
    /// value turns it off. The discriminator's overall factor 0.5 is left out: Adam does not see a
    /// constant factor on a loss. Sized for a CPU: width 16 where W-Net has 64, and G's learning rate
    /// 5e-4 beside D's 1e-3 where the notes give 1e-4 (docs/benchmarks.md measures both; the
    /// configure.yml itself trains both at 1e-3).
    /// </summary>
    [Hyperparameters]
    public sealed record Settings(
        [Hyperparameter(Minimum = 16, Maximum = 256, Description = "glyph side in pixels, a power of two (64 for the showcase, 16 for the CI test)")] int Size = 64,
        [Hyperparameter(Minimum = 1, Maximum = 256, Description = "channels of the first layer of each network (16 for a CPU; W-Net has 64)")] int Width = 16,
        [Hyperparameter(Minimum = 0, Maximum = 8, Description = "residual blocks on each of the generator's skips that have them")] int ResidualBlocks = 1,
        [Hyperparameter(Minimum = 2, Maximum = 1000, Description = "training fonts: the font heads' classes (13 built in; a --data folder's own count)")] int Fonts = 13,
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "Adam learning rate of the generator (the notes' 1e-4 learns slower on a CPU budget: docs/benchmarks.md)")] double GeneratorLearningRate = 5e-4,
        [Hyperparameter(Minimum = 0, Maximum = 1, Description = "Adam learning rate of the discriminator (larger than G's)")] double DiscriminatorLearningRate = 1e-3,
        [Hyperparameter(Minimum = 0, Maximum = 0.999, Description = "Adam beta1 of both networks")] double Beta1 = 0.5,
        [Hyperparameter(Minimum = 0, Maximum = 0.9999, Description = "Adam beta2 of both networks")] double Beta2 = 0.999,
        [Hyperparameter(Minimum = 0, Description = "weight of the real/fake loss (alpha)")] double AdversarialWeight = 3,
        [Hyperparameter(Minimum = 0, Description = "weight of the discriminator's character and font losses (beta_d)")] double ClassWeight = 1,
        [Hyperparameter(Minimum = 0, Description = "weight of L1 to the target (lambda_l1)")] double L1Weight = 50,
        [Hyperparameter(Minimum = 0, Description = "weight of the frozen classifier's feature distance (lambda_phi; 0: off)")] double FeatureWeight = 75,
        [Hyperparameter(Minimum = 0, Description = "weight of the discriminator's feature distance, W-Net-PyTorch's stand-in for the classifier (0: off)")] double DiscriminatorFeatureWeight = 0,
        [Hyperparameter(Minimum = 0, Description = "weight of content constancy (phi_p; 0: off)")] double ContentConstancyWeight = 3,
        [Hyperparameter(Minimum = 0, Description = "weight of style constancy (phi_r; 0: off)")] double StyleConstancyWeight = 5,
        [Hyperparameter(Minimum = 0, Description = "weight of each encoder's classification loss (beta_p, beta_r)")] double EncoderClassWeight = 0.2,
        [Hyperparameter(Minimum = 0, Description = "weight of the per-sample gradient penalty (alpha_GP; 0: off)")] double PenaltyWeight = 10,
        [Hyperparameter(Minimum = 0, Maximum = 0.5, Description = "label smoothing of every character and font loss (0: off)")] double LabelSmoothing = 0.1,
        [Hyperparameter(Description = "spectral norm on the discriminator's layers")] bool SpectralNorm = false,
        [Hyperparameter(Minimum = 0, Maximum = 100000, Description = "Adam steps that train the frozen feature classifier on the training fonts")] int ClassifierSteps = 300,
        [Hyperparameter(Minimum = 0, Maximum = 0.99999, Description = "EMA decay of the generator that translates for metrics and pictures (0: the live one)")] double EmaDecay = 0.995,
        [Hyperparameter(Minimum = 0, Description = "generator steps over which the EMA decay ramps up")] long EmaRampUpSteps = 200);

    /// <summary>The glyph table the settings ask for: the size, the characters.</summary>
    public static GlyphTableOptions TableOptions(Settings settings) => new(settings.Size, Characters, TestCharacters);

    [Generator]
    public static WNetGenerator Generator(Settings s) => new(s.Size, s.Width, Characters, s.Fonts, s.ResidualBlocks);

    [Discriminator]
    public static WNetDiscriminator Discriminator(Settings s) => new(s.Size, s.Width, Characters, s.Fonts, s.SpectralNorm);

    /// <summary>The generator's input is the batch's content and style glyphs, not a latent.</summary>
    [Latent]
    public static Tensor Inputs(Batch batch) => batch.Source ?? throw new ArgumentException("glyphs-wnet translates (content, style) sources; the batch has none");

    /// <summary>What the discriminator judges: an image beside the content and style glyphs it should come from.</summary>
    [DiscriminatorCondition]
    public static Tensor Condition(Tensor image, Batch batch) => cat([image, batch.Source!], 1);

    [DiscriminatorLoss]
    public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits, Settings s) =>
        s.AdversarialWeight * NonSaturating.Discriminator(realLogits, fakeLogits);

    [GeneratorLoss]
    public static Tensor GeneratorLoss(Tensor fakeLogits, Settings s) => s.AdversarialWeight * NonSaturating.Generator(fakeLogits);

    [GeneratorOptimizer]
    public static FusedAdam GeneratorOptimizer(IEnumerable<Parameter> parameters, Settings s) =>
        new(parameters, lr: s.GeneratorLearningRate, beta1: s.Beta1, beta2: s.Beta2);

    [DiscriminatorOptimizer]
    public static FusedAdam DiscriminatorOptimizer(IEnumerable<Parameter> parameters, Settings s) =>
        new(parameters, lr: s.DiscriminatorLearningRate, beta1: s.Beta1, beta2: s.Beta2);

    /// <summary>The discriminator's character head, on real and generated glyphs; the generator's term on its own.</summary>
    [AuxiliaryClassifier]
    public static Tensor CharacterLoss(Tensor classLogits, Tensor labels, Settings s) =>
        s.ClassWeight * Tricks.LabelSmoothing.CrossEntropy(classLogits, labels, s.LabelSmoothing);

    /// <summary>The discriminator's font head: D learns the font from it, and G is told once (here) how well its output reads as the font.</summary>
    [StyleClassifier]
    public static Tensor FontLoss(Tensor styleLogits, Tensor styleLabels, Settings s) =>
        s.ClassWeight * Tricks.LabelSmoothing.CrossEntropy(styleLogits, styleLabels, s.LabelSmoothing);

    /// <summary>WGAN-GP's penalty, with each sample's gradient norm over all its pixels, of the real/fake logits only.</summary>
    [GradientPenalty(PenaltyInput.Interpolated)]
    public static Tensor WganGp(Tensor inputGradients, Settings s) => GradientPenalties.WganGp(inputGradients, s.PenaltyWeight);

    /// <summary>A character classifier trained on the training fonts, frozen: the notes' "reconstruction loss from a classification network".</summary>
    [FrozenNetwork]
    public static FeatureClassifier FeatureNetwork(DataOptions options, Settings s) =>
        WnetClassifiers.Features(Table(options, s), s.ClassifierSteps);

    /// <summary>50 · L1 to the target, plus 75 · the frozen classifier's feature distance (its four convolutions' maps).</summary>
    [ReconstructionLoss]
    public static Tensor Reconstruction(Tensor generated, Tensor target, FeatureClassifier features, Settings s)
    {
        var l1 = s.L1Weight * Tricks.Reconstruction.L1(generated, target);
        if (s.FeatureWeight == 0) return l1;
        var taps = features.Activations(generated);
        var targetTaps = features.Activations(target);
        return l1 + s.FeatureWeight * Tricks.Reconstruction.Perceptual(taps, targetTaps, Enumerable.Repeat(1.0 / taps.Count, taps.Count).ToArray());
    }

    /// <summary>Content constancy 3 · ‖E_c(output) − E_c(content)‖² and style constancy 5 · ‖E_s(output) − E_s(style)‖².</summary>
    [EncoderLoss]
    public static Tensor Constancy(WNetGenerator generator, Tensor generated, Tensor codes, Batch batch, Settings s)
    {
        var (content, style) = generator.SplitCodes(codes);
        var loss = zeros(1, device: generated.device).squeeze();
        if (s.ContentConstancyWeight > 0) loss = loss + s.ContentConstancyWeight * EncoderLosses.Constancy(generator.EncodeContent(generated), content);
        if (s.StyleConstancyWeight > 0) loss = loss + s.StyleConstancyWeight * EncoderLosses.Constancy(generator.EncodeStyle(generated), style);
        return loss;
    }

    /// <summary>0.2 · each encoder's classifier: the content code names the character, the style code the font.</summary>
    [EncoderLoss]
    public static Tensor EncoderClassification(WNetGenerator generator, Tensor generated, Tensor codes, Batch batch, Settings s)
    {
        var (content, style) = generator.SplitCodes(codes);
        return s.EncoderClassWeight * (EncoderLosses.Classification(generator.ClassifyContent(content), batch.Labels!, s.LabelSmoothing)
            + EncoderLosses.Classification(generator.ClassifyStyle(style), batch.StyleLabels!, s.LabelSmoothing));
    }

    /// <summary>W-Net-PyTorch's feature loss: the discriminator's four feature maps of the output against the target's (off by default).</summary>
    [FeatureMatchingLoss]
    public static Tensor DiscriminatorFeatures(WNetDiscriminator discriminator, Tensor generatedSeen, Tensor realSeen, Settings s)
    {
        if (s.DiscriminatorFeatureWeight == 0) return zeros(1, device: generatedSeen.device).squeeze();
        var generated = discriminator.Features(generatedSeen);
        IReadOnlyList<Tensor> real;
        using (no_grad()) real = discriminator.Features(realSeen);
        return s.DiscriminatorFeatureWeight * FeatureMatching.Loss(generated, real, Enumerable.Repeat(1.0, generated.Count).ToArray());
    }

    /// <summary>An average of the generator's weights translates for the metrics and pictures (not in W-Net; cheap, and steadier early on).</summary>
    [ParameterAveraging]
    public static double Ema(long generatorStep, Settings s) => ParameterAveraging.EmaDecay(generatorStep, s.EmaDecay, s.EmaRampUpSteps);

    /// <summary>The built-in Debian fonts, or with `train --data DIR` a folder of fonts (content/, train/, test/ subfolders, or split by design).</summary>
    [Data(ReadsFiles = true)]
    public static IBatchSource Data(DataOptions options, Settings s) =>
        GlyphTriples.Open(Table(options, s), options).Match(IBatchSource (data) => data, e => throw new DataException(e.Message));

    /// <summary>L1, SSIM, character and font accuracy and per-font FD on every unseen font × unseen character, and against the three baselines.</summary>
    [Metrics(Samples = EvaluationPairs, Best = StructuralSimilarity.Name)]
    public static MetricSet Metrics(Func<Batch, Tensor> translate, DataOptions data, Settings s) =>
        WnetJudge.For(Table(data, s)).Evaluate(translate, data.Device);

    /// <summary>The glyph table of the run's fonts at the settings' size; a font problem is a data error, named.</summary>
    public static GlyphTable Table(DataOptions options, Settings s) =>
        GlyphTriples.SplitFor(options).Bind(split => GlyphTable.Of(split, TableOptions(s)))
            .Match(table => table, e => throw new DataException($"glyphs-wnet: {e.Message}"));
}
