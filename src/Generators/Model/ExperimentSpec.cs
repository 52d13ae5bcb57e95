namespace Functional.Generators.Model;

/// <summary>A call to one role method: its name and whether it takes the hyperparameter record.</summary>
public readonly record struct RoleCall(string Method, bool TakesHyperparameters);

/// <summary>One gradient penalty: its method, where it differentiates (PenaltyInput value) and its interval.</summary>
public readonly record struct PenaltySpec(RoleCall Call, string Input, int Interval);

/// <summary>
/// One settable member of the [Hyperparameters] record: its name, kind (a HyperparameterKind
/// member), the cast from the boxed parsed value to its type, inclusive bounds and description.
/// </summary>
public readonly record struct HyperparameterSpec(string Member, string Kind, string Cast, double Minimum, double Maximum, string Description);

/// <summary>How the latent role is called: with (batch size, device) or with the whole batch (paired tasks).</summary>
public enum LatentShape
{
    SizeAndDevice,
    Batch,
}

/// <summary>
/// Everything the emitter needs to write one experiment's session, as equatable plain values:
/// no symbols or syntax, so the incremental pipeline caches it.
/// </summary>
public sealed record ExperimentSpec(
    string Namespace,
    string ClassName,
    string FullName,
    string ExperimentName,
    string Description,
    int Classes,
    string? HyperparametersType,
    EquatableArray<HyperparameterSpec> HyperparameterFields,
    bool HyperparametersSettable,
    RoleCall? Variants,
    RoleCall Generator,
    string GeneratorType,
    bool ConditionalGenerator,
    RoleCall Discriminator,
    string DiscriminatorType,
    bool ConditionalDiscriminator,
    bool AuxiliaryDiscriminator,
    RoleCall Latent,
    LatentShape LatentShape,
    RoleCall DiscriminatorLoss,
    bool DiscriminatorLossTakesTargets,
    RoleCall GeneratorLoss,
    bool GeneratorLossTakesReal,
    RoleCall GeneratorOptimizer,
    string GeneratorOptimizerType,
    RoleCall DiscriminatorOptimizer,
    string DiscriminatorOptimizerType,
    RoleCall? Data,
    bool DataReadsFiles,
    RoleCall? Metrics,
    int MetricSamples,
    string BestMetric,
    RoleCall? Schedule,
    RoleCall? TargetLabels,
    RoleCall? InstanceNoise,
    RoleCall? Averaging,
    RoleCall? AfterDiscriminatorBackward,
    RoleCall? AfterDiscriminatorStep,
    RoleCall? AuxiliaryClassifier,
    RoleCall? Reconstruction,
    bool ReconstructionTakesFeatures,
    RoleCall? FrozenNetwork,
    string? FrozenNetworkType,
    EquatableArray<PenaltySpec> Penalties,
    EquatableArray<string> Tricks);

/// <summary>What parsing one experiment class produced: a spec when it is valid, and its diagnostics.</summary>
public sealed record ParseResult(ExperimentSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, string? RegistryName);
