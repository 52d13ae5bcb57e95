namespace Functional.Generators.Tests;

/// <summary>Experiment sources the generator tests compile.</summary>
internal static class Samples
{
    public const string Usings = """
        using System.Collections.Generic;
        using Functional;
        using Functional.Data;
        using Functional.Metrics;
        using Functional.Training;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        """;

    /// <summary>A minimal valid experiment; <c>{0}</c> is replaced by extra members.</summary>
    public static string Minimal(string extra = "", string name = "minimal", string className = "Minimal", string discriminatorBody = "nn.Sequential(nn.Linear(2, 1))") =>
        Usings + $$"""
        namespace Samples;

        [GanExperiment("{{name}}")]
        public static partial class {{className}}
        {
            [Generator] public static Sequential G() => nn.Sequential(nn.Linear(2, 2));
            [Discriminator] public static Sequential D() => {{discriminatorBody}};
            [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => randn(batchSize, 2, device: device, generator: random);
            [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => (fakeLogits - realLogits).mean();
            [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => -fakeLogits.mean();
            [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters);
            [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters);
        {{extra}}
        }
        """;

    /// <summary>Every role at once: the snapshot sample.</summary>
    public const string Full = Usings + """
        namespace Samples;

        [GanExperiment("full", Description = "Every trick role at once", Classes = 3)]
        public static partial class Full
        {
            [Hyperparameters]
            public sealed record Settings(
                [Hyperparameter(Minimum = 0, Description = "R1 weight")] double Gamma = 10.0,
                [Hyperparameter(Minimum = 0, Maximum = 0.5)] double Smoothing = 0.1,
                int Width = 8,
                long Warmup = 10,
                float Decay = 0.999f,
                bool Clip = true,
                string Tag = "full");

            [Generator] public static Functional.Networks.ConditionalGenerator G() =>
                new(nn.Sequential(nn.Linear(6, 2)), classes: 3, embeddingSize: 4);

            [Discriminator] public static Functional.Networks.AuxiliaryClassifierDiscriminator D() =>
                new(nn.Sequential(nn.Linear(2, 8), nn.LeakyReLU(0.2)), featureSize: 8, classes: 3);

            [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => randn(batchSize, 2, device: device, generator: random);

            [DiscriminatorLoss]
            public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits, Tensor realTargets, Tensor fakeTargets) =>
                Functional.Losses.NonSaturating.Discriminator(realLogits, fakeLogits, realTargets, fakeTargets);

            [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits, Tensor realLogits) =>
                Functional.Losses.RelativisticAverage.Generator(fakeLogits, realLogits);

            [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-4);

            [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 4e-4);

            [GradientPenalty(PenaltyInput.Real, Interval = 16)]
            public static Tensor R1(Tensor inputGradients, Settings settings) =>
                Functional.Tricks.GradientPenalties.R1(inputGradients, settings.Gamma);

            [GradientPenalty(PenaltyInput.Interpolated)]
            public static Tensor WganGp(Tensor inputGradients) => Functional.Tricks.GradientPenalties.WganGp(inputGradients);

            [TrainingSchedule] public static TrainingSchedule Schedule() => new(DiscriminatorStepsPerGeneratorStep: 2, WarmupSteps: 10);

            [TargetLabels] public static Tensor Targets(Tensor hardTargets, Settings settings) =>
                Functional.Tricks.LabelSmoothing.OneSided(hardTargets, settings.Smoothing);

            [InstanceNoise] public static Tensor Noise(Tensor input, long discriminatorStep) =>
                Functional.Tricks.InstanceNoise.Add(input, Functional.Tricks.InstanceNoise.LinearAnneal(discriminatorStep));

            [Variants] public static IReadOnlyList<AblationVariant> Variants() =>
                new[] { new AblationVariant("all", Definition), new AblationVariant("no smoothing", Definition.WithSettings(new Settings(Smoothing: 0))) };

            [ParameterAveraging] public static double Ema(long generatorStep) => 0.999;

            [AfterDiscriminatorBackward] public static void ClipGradients(IEnumerable<Parameter> parameters) =>
                Functional.Tricks.Clipping.GradientNorm(parameters, 10.0);

            [AuxiliaryClassifier] public static Tensor Classify(Tensor classLogits, Tensor labels) =>
                Functional.Tricks.AuxiliaryClassifier.Loss(classLogits, labels);

            [Data] public static IBatchSource Data(DataOptions options) => new MixtureBatches(GaussianMixture.Ring(), options);

            [Metrics(Samples = 100, Best = "reverse_kl")] public static MetricSet Metrics(Tensor samples) => MixtureMetrics.Evaluate(samples, GaussianMixture.Ring());
        }
        """;

    /// <summary>
    /// The roles of paired style transfer (W-Net): a generator of the batch's inputs that returns its
    /// codes, a discriminator conditioned on the batch with class and style heads, a per-sample
    /// penalty at interpolates, encoder losses, a frozen network's and the discriminator's features,
    /// and metrics that translate held-out batches.
    /// </summary>
    public const string Paired = Usings + """
        namespace Samples;

        public sealed class Coder : nn.Module<Tensor, (Tensor Output, Tensor Codes)>
        {
            readonly Linear encode = nn.Linear(4, 3), decode = nn.Linear(3, 2);
            public Coder() : base("coder") => RegisterComponents();
            public Tensor Encode(Tensor x) => encode.call(x);
            public override (Tensor Output, Tensor Codes) forward(Tensor source) { var codes = Encode(source); return (decode.call(codes), codes); }
        }

        public sealed class Judge : nn.Module<Tensor, (Tensor Logits, Tensor ClassLogits, Tensor StyleLogits)>
        {
            readonly Linear body = nn.Linear(6, 8), logits = nn.Linear(8, 1), classes = nn.Linear(8, 3), styles = nn.Linear(8, 2);
            public Judge() : base("judge") => RegisterComponents();
            public Tensor Features(Tensor x) => nn.functional.leaky_relu(body.call(x), 0.2);
            public override (Tensor Logits, Tensor ClassLogits, Tensor StyleLogits) forward(Tensor x) { var f = Features(x); return (logits.call(f), classes.call(f), styles.call(f)); }
        }

        [GanExperiment("paired", Description = "W-Net's roles", Classes = 3)]
        public static partial class Paired
        {
            [Generator] public static Coder G() => new();
            [Discriminator] public static Judge D() => new();
            [Latent] public static Tensor Inputs(Batch batch) => batch.Source!;
            [DiscriminatorCondition] public static Tensor Condition(Tensor input, Batch batch) => cat(new[] { input, batch.Source! }, 1);
            [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => Functional.Losses.NonSaturating.Discriminator(realLogits, fakeLogits);
            [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => Functional.Losses.NonSaturating.Generator(fakeLogits);
            [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-4);
            [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
            [AuxiliaryClassifier] public static Tensor Characters(Tensor classLogits, Tensor labels) => Functional.Tricks.AuxiliaryClassifier.Loss(classLogits, labels);
            [StyleClassifier] public static Tensor Fonts(Tensor styleLogits, Tensor styleLabels) => Functional.Tricks.AuxiliaryClassifier.Loss(styleLogits, styleLabels);
            [GradientPenalty(PenaltyInput.Interpolated)] public static Tensor Penalty(Tensor inputGradients) => Functional.Tricks.GradientPenalties.WganGp(inputGradients);
            [FrozenNetwork] public static Linear Features(DataOptions options) => nn.Linear(2, 4);
            [ReconstructionLoss] public static Tensor Reconstruction(Tensor generated, Tensor target, Linear features) =>
                (generated - target).abs().mean() + (features.call(generated) - features.call(target)).square().mean();
            [EncoderLoss] public static Tensor Constancy(Coder generator, Tensor generated, Tensor codes, Batch batch) =>
                (generator.Encode(cat(new[] { generated, generated }, 1)) - codes.detach()).square().mean();
            [EncoderLoss] public static Tensor Codes(Coder generator, Tensor generated, Tensor codes, Batch batch) => codes.square().mean();
            [FeatureMatchingLoss] public static Tensor Matching(Judge discriminator, Tensor generatedSeen, Tensor realSeen) =>
                (discriminator.Features(generatedSeen) - discriminator.Features(realSeen).detach()).square().mean();
            [Metrics(Samples = 64)] public static MetricSet Metrics(System.Func<Batch, Tensor> translate, DataOptions data) => MetricSet.Empty;
        }
        """;

    /// <summary>Penalties that share the discriminator's forward pass: lazy R1 on real, R2 on fake, with EMA.</summary>
    public static string Penalized() => Minimal(
        """
            [GradientPenalty(PenaltyInput.Real, Interval = 16)]
            public static Tensor R1(Tensor inputGradients) => Functional.Tricks.GradientPenalties.R1(inputGradients, 10.0);

            [GradientPenalty(PenaltyInput.Fake)]
            public static Tensor R2(Tensor inputGradients) => Functional.Tricks.GradientPenalties.R2(inputGradients, 1.0);

            [ParameterAveraging] public static double Ema(long generatorStep) => Functional.Tricks.ParameterAveraging.EmaDecay(generatorStep);
        """, name: "penalized", className: "Penalized");

    /// <summary>The anti-collapse roles together: a latent code with InfoGAN's term, packing with a lazy R1 and a WGAN-GP, a learning-rate decay.</summary>
    public const string Anticollapse = Usings + """
        namespace Samples;

        [GanExperiment("anticollapse", Description = "Code, packing and a decay", Steps = 20000, BatchSize = 128)]
        public static partial class Anticollapse
        {
            [Generator] public static Sequential G() => nn.Sequential(nn.Linear(2 + 5, 2));

            [Discriminator] public static Functional.Networks.AuxiliaryClassifierDiscriminator D() =>
                new(nn.Sequential(nn.Linear(2 * 4, 8), nn.LeakyReLU(0.2)), featureSize: 8, classes: 5);

            [Latent] public static Tensor Z(long batchSize, Device device, Generator random) => randn(batchSize, 2, device: device, generator: random);
            [LatentCode] public static int Code() => 5;
            [Packing] public static int Pack() => 4;

            [DiscriminatorLoss] public static Tensor DLoss(Tensor realLogits, Tensor fakeLogits) => Functional.Losses.NonSaturating.Discriminator(realLogits, fakeLogits);
            [GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => Functional.Losses.NonSaturating.Generator(fakeLogits);
            [MutualInformation] public static Tensor Information(Tensor codeLogits, Tensor codes) => Functional.Tricks.LatentCodes.MutualInformation(codeLogits, codes);

            [GeneratorOptimizer] public static Adam GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);
            [DiscriminatorOptimizer] public static Adam DOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 1e-3);

            [GradientPenalty(PenaltyInput.Real, Interval = 4)]
            public static Tensor R1(Tensor inputGradients) => Functional.Tricks.GradientPenalties.R1(inputGradients, 0.1);

            [GradientPenalty(PenaltyInput.Interpolated)]
            public static Tensor WganGp(Tensor inputGradients) => Functional.Tricks.GradientPenalties.WganGp(inputGradients);

            [LearningRateSchedule] public static double Rates(long discriminatorStep, long totalSteps) =>
                Functional.Tricks.LearningRateSchedules.LinearToZero(discriminatorStep, totalSteps);
        }
        """;

    /// <summary>Adaptive augmentation of the discriminator's inputs beside a lazy R1, and metrics that compare with the run's data.</summary>
    public static string Augmented(string attribute = "[Augmentation(Target = 0.6, ImagesPerUnit = 100_000)]") => Minimal(
        $$"""
            {{attribute}}
            public static Tensor Augment(Tensor images, double probability, Generator random) => Functional.Tricks.DiffAugment.Apply(images, probability, random);

            [GradientPenalty(PenaltyInput.Real, Interval = 4)]
            public static Tensor R1(Tensor inputGradients) => Functional.Tricks.GradientPenalties.R1(inputGradients, 0.1);

            [Metrics] public static MetricSet Metrics(Tensor samples, IBatchSource data) => MetricSet.Empty;
        """, name: "augmented", className: "Augmented");
}
