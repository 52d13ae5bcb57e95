using Microsoft.CodeAnalysis;
using Xunit;

namespace Functional.Generators.Tests;

/// <summary>One test per diagnostic: each fires, with its ID and a location in the sample, on a small bad input.</summary>
public sealed class DiagnosticTests
{
    static Diagnostic Single(string id, params string[] sources)
    {
        var run = GeneratorHarness.Generate(sources);
        var found = run.GeneratorDiagnostics.Where(d => d.Id == id).ToList();
        Assert.True(found.Count == 1, $"expected one {id}, got: {string.Join("; ", run.GeneratorDiagnostics)}");
        // Locations are kept as plain data (file, span, lines) so that specs cache; they still name the file and line.
        var line = found[0].Location.GetLineSpan();
        Assert.True(line.IsValid && line.Path.StartsWith("Sample", StringComparison.Ordinal), $"{id} has no source location");
        return found[0];
    }

    [Fact]
    public void FGAN001_experiment_must_be_static_partial()
    {
        var source = Samples.Minimal().Replace("public static partial class Minimal", "public static class Minimal");
        var d = Single("FGAN001", source);
        Assert.Contains("Minimal", d.GetMessage());
    }

    [Fact]
    public void FGAN002_missing_role_names_the_role_and_its_signature()
    {
        var source = Samples.Minimal().Replace("[GeneratorLoss] public static Tensor GLoss(Tensor fakeLogits) => -fakeLogits.mean();", "");
        var d = Single("FGAN002", source);
        Assert.Contains("[GeneratorLoss]", d.GetMessage());
        Assert.Contains("Tensor M(Tensor fakeLogits)", d.GetMessage());
    }

    [Fact]
    public void FGAN003_wrong_signature_points_at_the_method()
    {
        var source = Samples.Minimal().Replace("public static Tensor GLoss(Tensor fakeLogits)", "public static Tensor GLoss(Tensor fakeLogits, long step)");
        var d = Single("FGAN003", source);
        Assert.Contains("GLoss", d.GetMessage());
        Assert.Equal("GLoss", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
    }

    [Fact]
    public void FGAN004_duplicate_role()
    {
        var d = Single("FGAN004", Samples.Minimal("    [GeneratorLoss] public static Tensor GLoss2(Tensor fakeLogits) => fakeLogits.mean();"));
        Assert.Contains("GLoss2", d.GetMessage());
    }

    [Fact]
    public void FGAN005_role_method_must_be_static()
    {
        // C# itself rejects instance members in a static class (CS0708); the generator says why the role needs static.
        var d = Single("FGAN005", Samples.Minimal("    [Metrics] public MetricSet M(Tensor samples) => MetricSet.Empty;"));
        Assert.Contains("must be static", d.GetMessage());
    }

    [Fact]
    public void FGAN006_penalty_interval_must_be_positive()
    {
        var d = Single("FGAN006", Samples.Minimal("    [GradientPenalty(PenaltyInput.Real, Interval = 0)] public static Tensor R1(Tensor g) => g.square().sum();"));
        Assert.Contains("Interval = 0", d.GetMessage());
    }

    [Fact]
    public void FGAN007_warns_on_batchnorm_in_a_penalized_discriminator()
    {
        var d = Single("FGAN007", Samples.Minimal(
            "    [GradientPenalty(PenaltyInput.Real)] public static Tensor R1(Tensor g) => g.square().sum();",
            discriminatorBody: "nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.Linear(4, 1))"));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("BatchNorm1d", d.GetMessage());
        Assert.Contains("R1", d.GetMessage());
    }

    [Fact]
    public void FGAN007_is_silent_without_a_penalty()
    {
        var run = GeneratorHarness.Generate(Samples.Minimal(discriminatorBody: "nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.Linear(4, 1))"));
        Assert.DoesNotContain(run.GeneratorDiagnostics, x => x.Id == "FGAN007");
    }

    [Fact]
    public void FGAN008_warns_on_pooling_or_relu_in_the_discriminator()
    {
        var d = Single("FGAN008", Samples.Minimal(discriminatorBody: "nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))"));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("ReLU", d.GetMessage());
    }

    [Fact]
    public void FGAN008_follows_helper_methods_of_the_experiment()
    {
        var d = Single("FGAN008", Samples.Minimal(
            "    static Sequential Features() => nn.Sequential(nn.Linear(2, 4), nn.MaxPool1d(2));",
            discriminatorBody: "nn.Sequential(Features(), nn.Linear(2, 1))"));
        Assert.Contains("MaxPool1d", d.GetMessage());
    }

    [Fact]
    public void FGAN009_conditional_network_needs_classes()
    {
        var source = Samples.Minimal().Replace(
            "[Generator] public static Sequential G() => nn.Sequential(nn.Linear(2, 2));",
            "[Generator] public static Functional.Networks.ConditionalGenerator G() => new(nn.Sequential(nn.Linear(6, 2)), classes: 3, embeddingSize: 4);");
        var d = Single("FGAN009", source);
        Assert.Contains("Classes", d.GetMessage());
    }

    [Fact]
    public void FGAN010_auxiliary_classifier_needs_a_two_headed_discriminator()
    {
        var source = Samples.Minimal("    [AuxiliaryClassifier] public static Tensor Aux(Tensor classLogits, Tensor labels) => classLogits.mean();")
            .Replace("[GanExperiment(\"minimal\")]", "[GanExperiment(\"minimal\", Classes = 3)]");
        var d = Single("FGAN010", source);
        Assert.Contains("(Tensor Logits, Tensor ClassLogits)", d.GetMessage());
    }

    [Fact]
    public void FGAN010_the_class_loss_and_the_code_term_cannot_share_the_second_head()
    {
        var source = Samples.Full.Replace(
            "[Data] public static IBatchSource Data",
            "[LatentCode] public static int Code() => 3;\n            [MutualInformation] public static Tensor Information(Tensor codeLogits, Tensor codes) => codeLogits.mean();\n            [Data] public static IBatchSource Data");
        var d = Single("FGAN010", source);
        Assert.Contains("would both read the discriminator's second head", d.GetMessage());
    }

    [Fact]
    public void FGAN011_experiment_name_must_be_one_word()
    {
        var d = Single("FGAN011", Samples.Minimal(name: "two words"));
        Assert.Contains("two words", d.GetMessage());
    }

    [Fact]
    public void FGAN011_experiment_names_are_unique_in_an_assembly()
    {
        var run = GeneratorHarness.Generate(Samples.Minimal(name: "same", className: "One"), Samples.Minimal(name: "same", className: "Two"));
        var found = run.GeneratorDiagnostics.Where(d => d.Id == "FGAN011").ToList();
        // Both declarations are named, each at its own attribute.
        Assert.Equal(2, found.Count);
        Assert.All(found, d => Assert.Contains("Samples.One and Samples.Two", d.GetMessage()));
        Assert.Equal(["Sample0.cs", "Sample1.cs"], found.Select(d => d.Location.GetLineSpan().Path).Order());
        var attributeLine = Samples.Minimal(name: "same", className: "One").Split('\n').ToList().FindIndex(l => l.Contains("[GanExperiment(\"same\")]"));
        Assert.All(found, d => Assert.Equal(attributeLine, d.Location.GetLineSpan().StartLinePosition.Line));
    }

    [Fact]
    public void FGAN012_hyperparameter_of_an_unsupported_type_is_named_and_left_out()
    {
        var run = GeneratorHarness.Generate(Samples.Minimal("""
                [Hyperparameters] public sealed record Settings(double Gamma = 1, System.TimeSpan Budget = default);
                [Metrics] public static MetricSet M(Tensor samples, Settings settings) => MetricSet.Empty;
            """));
        var d = Assert.Single(run.GeneratorDiagnostics, x => x.Id == "FGAN012");
        Assert.Contains("Budget", d.GetMessage());
        Assert.Contains("TimeSpan", d.GetMessage());
        var generated = string.Join("\n", run.Result.GeneratedTrees.Select(t => t.ToString()));
        Assert.Contains("s with { Gamma = (double)v }", generated);
        Assert.DoesNotContain("Budget =", generated);
    }

    [Fact]
    public void FGAN012_hyperparameters_that_are_not_a_record_cannot_be_set()
    {
        var d = Single("FGAN012", Samples.Minimal("""
                [Hyperparameters] public sealed class Settings { public double Gamma { get; init; } = 1; }
                [Metrics] public static MetricSet M(Tensor samples, Settings settings) => MetricSet.Empty;
            """));
        Assert.Contains("not a record", d.GetMessage());
    }

    [Theory]
    [InlineData("[Hyperparameter(Minimum = 2, Maximum = 1)] double Gamma = 1.5", "Minimum 2 is greater than Maximum 1")]
    [InlineData("[Hyperparameter(Minimum = 0, Maximum = 1)] double Gamma = 10", "default 10 lies outside [0, 1]")]
    [InlineData("[Hyperparameter(Minimum = 0)] bool Gamma = true", "numbers only")]
    [InlineData("[Hyperparameter(Maximum = 3e9)] int Gamma = -2147483648", "")]
    public void FGAN013_invalid_bounds_are_errors(string member, string message)
    {
        var source = Samples.Minimal($$"""
                [Hyperparameters] public sealed record Settings({{member}});
                [Metrics] public static MetricSet M(Tensor samples, Settings settings) => MetricSet.Empty;
            """);
        if (message.Length == 0)
        {
            // An int's bounds are clipped to int's range, so a wider Maximum is fine.
            Assert.DoesNotContain(GeneratorHarness.Generate(source).GeneratorDiagnostics, x => x.Id == "FGAN013");
            return;
        }
        var d = Single("FGAN013", source);
        Assert.Contains(message, d.GetMessage());
        Assert.Contains("Gamma", d.GetMessage());
    }

    [Fact]
    public void FGAN014_target_labels_need_a_loss_that_takes_targets()
    {
        // Before the role table, these targets were silently never used, yet listed as a trick.
        var d = Single("FGAN014", Samples.Minimal("    [TargetLabels] public static Tensor Smooth(Tensor hardTargets) => hardTargets * 0.9;"));
        Assert.Contains("[TargetLabels] method 'Smooth'", d.GetMessage());
        Assert.Contains("[DiscriminatorLoss] that takes targets", d.GetMessage());
    }

    [Fact]
    public void FGAN014_a_frozen_network_needs_a_reconstruction_loss_that_uses_it()
    {
        var d = Single("FGAN014", Samples.Minimal("    [FrozenNetwork] public static Linear Features(DataOptions options) => nn.Linear(2, 2);"));
        Assert.Contains("[FrozenNetwork] method 'Features'", d.GetMessage());
        Assert.Contains("[ReconstructionLoss]", d.GetMessage());
    }

    [Fact]
    public void FGAN014_a_reconstruction_loss_that_takes_a_network_needs_the_frozen_network()
    {
        var d = Single("FGAN014", Samples.Minimal("    [ReconstructionLoss] public static Tensor Perceptual(Tensor generated, Tensor target, Linear features) => (features.call(generated) - features.call(target)).abs().mean();"));
        Assert.Contains("[ReconstructionLoss] method 'Perceptual'", d.GetMessage());
        Assert.Contains("[FrozenNetwork]", d.GetMessage());
    }

    // The paired roles' cross-role rules come from their rows of the role table, so misuse is an FGAN014 naming what is missing.

    [Fact]
    public void FGAN014_a_style_classifier_needs_a_discriminator_with_a_style_head()
    {
        var source = Samples.Paired.Replace("[Discriminator] public static Judge D() => new();",
            "[Discriminator] public static Sequential D() => nn.Sequential(nn.Linear(6, 1));");
        var run = GeneratorHarness.Generate(source);
        var d = run.GeneratorDiagnostics.Single(x => x.Id == "FGAN014" && x.GetMessage().Contains("[StyleClassifier] method 'Fonts'"));
        Assert.Contains("(Tensor Logits, Tensor ClassLogits, Tensor StyleLogits)", d.GetMessage());
    }

    [Fact]
    public void FGAN014_a_discriminator_with_a_style_head_needs_a_style_classifier()
    {
        var source = Samples.Paired.Replace("[StyleClassifier] public static Tensor Fonts", "public static Tensor Fonts");
        var d = Single("FGAN014", source);
        Assert.Contains("[Discriminator] method 'D'", d.GetMessage());
        Assert.Contains("[StyleClassifier]", d.GetMessage());
    }

    [Fact]
    public void FGAN014_an_encoder_loss_needs_a_generator_that_returns_its_codes()
    {
        var source = Samples.Paired
            .Replace("[Generator] public static Coder G() => new();", "[Generator] public static Sequential G() => nn.Sequential(nn.Linear(4, 2));")
            .Replace("Coder generator", "Sequential generator").Replace("generator.Encode(cat(new[] { generated, generated }, 1))", "generator.call(generated)");
        var run = GeneratorHarness.Generate(source);
        var found = run.GeneratorDiagnostics.Where(x => x.Id == "FGAN014").ToList();
        Assert.Equal(2, found.Count);
        Assert.All(found, d => Assert.Contains("a generator that returns (Tensor Output, Tensor Codes)", d.GetMessage()));
        Assert.Contains(found, d => d.GetMessage().Contains("[EncoderLoss] method 'Constancy'"));
    }

    [Fact]
    public void FGAN003_an_encoder_loss_takes_the_generator_of_the_experiment()
    {
        var d = Single("FGAN003", Samples.Paired.Replace("Codes(Coder generator", "Codes(Linear generator"));
        Assert.Contains("[EncoderLoss] method 'Codes'", d.GetMessage());
        Assert.Contains("TGenerator the [Generator]'s type", d.GetMessage());
    }

    [Fact]
    public void FGAN014_metrics_that_translate_need_a_paired_experiment()
    {
        var d = Single("FGAN014", Samples.Minimal(
            "    [Metrics] public static MetricSet M(System.Func<Batch, Tensor> translate, DataOptions data) => MetricSet.Empty;"));
        Assert.Contains("[Metrics] method 'M'", d.GetMessage());
        Assert.Contains("Tensor M(Batch batch)", d.GetMessage());
    }

    [Fact]
    public void FGAN014_the_information_term_needs_a_latent_code()
    {
        var source = Samples.Anticollapse.Replace("[LatentCode] public static int Code() => 5;", "");
        var d = Single("FGAN014", source);
        Assert.Contains("[MutualInformation] method 'Information' needs a [LatentCode]", d.GetMessage());
    }

    [Fact]
    public void FGAN015_a_declared_training_length_must_be_positive()
    {
        var d = Single("FGAN015", Samples.Minimal().Replace("[GanExperiment(\"minimal\")]", "[GanExperiment(\"minimal\", Steps = -5)]"));
        Assert.Contains("Steps = -5", d.GetMessage());
    }

    [Fact]
    public void FGAN020_an_augmentation_setting_must_be_in_range()
    {
        var d = Single("FGAN020", Samples.Augmented("[Augmentation(Target = 1.5)]"));
        Assert.Contains("Target = 1.5", d.GetMessage());
        Assert.Contains("between 0 and 1", d.GetMessage());
    }

    [Fact]
    public void Every_descriptor_has_a_test_here()
    {
        var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name.Split('_')[0]).ToHashSet();
        foreach (var descriptor in Functional.Generators.Diagnostics.Descriptors.All)
            Assert.Contains(descriptor.Id, tested);
    }
}
