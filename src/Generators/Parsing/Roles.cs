using Microsoft.CodeAnalysis;

namespace Functional.Generators.Parsing;

/// <summary>The role attributes, their expected signatures (for messages) and which are tricks.</summary>
internal static class Roles
{
    public const string Generator = "Generator";
    public const string Discriminator = "Discriminator";
    public const string Latent = "Latent";
    public const string DiscriminatorLoss = "DiscriminatorLoss";
    public const string GeneratorLoss = "GeneratorLoss";
    public const string GeneratorOptimizer = "GeneratorOptimizer";
    public const string DiscriminatorOptimizer = "DiscriminatorOptimizer";
    public const string Data = "Data";
    public const string Metrics = "Metrics";
    public const string GradientPenalty = "GradientPenalty";
    public const string TrainingSchedule = "TrainingSchedule";
    public const string TargetLabels = "TargetLabels";
    public const string InstanceNoise = "InstanceNoise";
    public const string ParameterAveraging = "ParameterAveraging";
    public const string AfterDiscriminatorBackward = "AfterDiscriminatorBackward";
    public const string AfterDiscriminatorStep = "AfterDiscriminatorStep";
    public const string AuxiliaryClassifier = "AuxiliaryClassifier";
    public const string ReconstructionLoss = "ReconstructionLoss";
    public const string FrozenNetwork = "FrozenNetwork";
    public const string Variants = "Variants";

    /// <summary>The role of an attribute class in namespace Functional, or null.</summary>
    public static string? Of(INamedTypeSymbol attribute)
    {
        if (attribute.ContainingNamespace?.ToDisplayString() != "Functional") return null;
        var name = attribute.Name;
        if (!name.EndsWith("Attribute")) return null;
        var role = name.Substring(0, name.Length - "Attribute".Length);
        return Signature(role) is null ? null : role;
    }

    public static string? Signature(string role) => role switch
    {
        Generator => "static Module<Tensor, Tensor> M(), or Module<Tensor, Tensor, Tensor> (latent, labels) when conditional",
        Discriminator => "static Module<Tensor, Tensor> M(), Module<Tensor, Tensor, Tensor> (input, labels) when conditional, or a module returning (Tensor Logits, Tensor ClassLogits) with an auxiliary classifier",
        Latent => "static Tensor M(long batchSize, Device device), or Tensor M(Batch batch) for paired tasks",
        DiscriminatorLoss => "static Tensor M(Tensor realLogits, Tensor fakeLogits), or (realLogits, fakeLogits, realTargets, fakeTargets)",
        GeneratorLoss => "static Tensor M(Tensor fakeLogits), or (Tensor fakeLogits, Tensor realLogits)",
        GeneratorOptimizer or DiscriminatorOptimizer => "static Optimizer M(IEnumerable<Parameter> parameters)",
        Data => "static IBatchSource M(DataOptions options)",
        Metrics => "static MetricSet M(Tensor samples)",
        GradientPenalty => "static Tensor M(Tensor inputGradients)",
        TrainingSchedule => "static TrainingSchedule M()",
        TargetLabels => "static Tensor M(Tensor hardTargets)",
        InstanceNoise => "static Tensor M(Tensor input, long discriminatorStep)",
        ParameterAveraging => "static double M(long generatorStep)",
        AfterDiscriminatorBackward or AfterDiscriminatorStep => "static void M(IEnumerable<Parameter> parameters)",
        AuxiliaryClassifier => "static Tensor M(Tensor classLogits, Tensor labels)",
        ReconstructionLoss => "static Tensor M(Tensor generated, Tensor target), optionally with a third parameter of the [FrozenNetwork] type",
        FrozenNetwork => "static T M(DataOptions options) where T is a Module",
        Variants => "static IReadOnlyList<AblationVariant> M()",
        _ => null,
    };

    public static bool IsTrick(string role) => role switch
    {
        GradientPenalty or TrainingSchedule or TargetLabels or InstanceNoise or ParameterAveraging
            or AfterDiscriminatorBackward or AfterDiscriminatorStep or AuxiliaryClassifier or ReconstructionLoss => true,
        _ => false,
    };

    public static string Describe(string role) => role switch
    {
        TrainingSchedule => "training schedule",
        TargetLabels => "target labels",
        InstanceNoise => "instance noise",
        ParameterAveraging => "generator weight averaging",
        AfterDiscriminatorBackward => "after discriminator backward",
        AfterDiscriminatorStep => "after discriminator step",
        AuxiliaryClassifier => "auxiliary classifier",
        ReconstructionLoss => "reconstruction loss",
        _ => role,
    };
}
