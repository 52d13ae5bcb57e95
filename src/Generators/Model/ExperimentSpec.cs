using System.Linq;
using Functional.Generators.Roles;

namespace Functional.Generators.Model;

/// <summary>
/// A call to one role method: its name, and whether it also takes the experiment's
/// [Hyperparameters] record and the session's random generator (trailing, in that order).
/// </summary>
public readonly record struct RoleCall(string Method, bool TakesHyperparameters, bool TakesRandom);

/// <summary>One role method as the step uses it: its role, its call and which of the role's forms it has.</summary>
public readonly record struct RoleUse(Role Role, RoleCall Call, int Form);

/// <summary>Which discriminator inputs a gradient penalty differentiates at (the Pipeline's PenaltyInput).</summary>
public enum PenaltyInput
{
    Real,
    Fake,
    Interpolated,
    PerturbedReal,
}

/// <summary>One gradient penalty: its method, where it differentiates and how often it runs (every <see cref="Interval"/> D steps).</summary>
public readonly record struct PenaltySpec(RoleCall Call, PenaltyInput Input, int Interval);

/// <summary>
/// The [Augmentation]'s probability: fixed at <see cref="Probability"/>, or, when
/// <see cref="Adaptive"/>, starting there and adapted toward <see cref="Target"/> every
/// <see cref="Interval"/> discriminator steps by (images) / <see cref="ImagesPerUnit"/> (ADA).
/// </summary>
public readonly record struct AugmentationSpec(double Probability, bool Adaptive, double Target, int Interval, long ImagesPerUnit);

/// <summary>How `--set` reads a hyperparameter (the Pipeline's HyperparameterKind).</summary>
public enum HyperparameterKind
{
    Boolean,
    Integer,
    Real,
    Text,
}

/// <summary>The C# type of a hyperparameter record's member.</summary>
public enum MemberType
{
    Boolean,
    Int32,
    Int64,
    Single,
    Double,
    String,
}

/// <summary>One settable member of the [Hyperparameters] record: its name, kind and type, inclusive bounds and description.</summary>
public readonly record struct HyperparameterSpec(string Member, HyperparameterKind Kind, MemberType Type, double Minimum, double Maximum, string Description);

/// <summary>
/// The experiment's name and place: its class, its command-line name, its classes (0:
/// unconditional) and the training length it declares (0: the library's default).
/// </summary>
public sealed record ExperimentIdentity(string Namespace, string ClassName, string FullName, string Name, string Description, int Classes,
    long Steps = 0, int BatchSize = 0, int EvaluateEvery = 0);

/// <summary>The [Hyperparameters] record: its type, its settable members, and whether it can be set at all.</summary>
public sealed record HyperparametersSpec(string Type, EquatableArray<HyperparameterSpec> Fields, bool Settable);

/// <summary>A network factory: its call, the module type it returns and its calling convention.</summary>
public sealed record NetworkSpec(RoleCall Call, string Type, NetworkForm Form)
{
    public bool Conditional => Form is NetworkForm.Conditional or NetworkForm.ConditionalAuxiliary;

    public bool Auxiliary => Form is NetworkForm.Auxiliary or NetworkForm.ConditionalAuxiliary or NetworkForm.AuxiliaryWithStyle;

    /// <summary>A discriminator with a style head beside its class head.</summary>
    public bool StyleHead => Form == NetworkForm.AuxiliaryWithStyle;

    /// <summary>A generator that returns its output and its encoders' codes.</summary>
    public bool Encoded => Form == NetworkForm.Encoded;
}

/// <summary>An optimizer factory and the optimizer type it returns.</summary>
public sealed record OptimizerSpec(RoleCall Call, string Type);

/// <summary>What the session builds once: networks, latent (and a categorical code beside it), optimizers and a frozen feature network.</summary>
public sealed record SetupSpec(
    NetworkSpec Generator,
    NetworkSpec Discriminator,
    RoleUse Latent,
    OptimizerSpec GeneratorOptimizer,
    OptimizerSpec DiscriminatorOptimizer,
    RoleCall? FrozenNetwork,
    string? FrozenNetworkType,
    RoleUse? LatentCode = null)
{
    public bool Paired => Latent.Form == RoleTable.LatentFromBatch;
}

/// <summary>When each phase runs (warm-up, n discriminator steps per generator step) and the learning rates at each step.</summary>
public sealed record SchedulePhaseSpec(RoleUse? Steps, RoleUse? LearningRates);

/// <summary>
/// The discriminator's phase, slot by slot: what it sees (transforms of real and generated inputs
/// alike), its targets and loss, the terms added to it, its gradient penalties, and what runs
/// after its backward pass and after its update; and, with an [Augmentation] among its inputs,
/// how that augmentation's probability is set.
/// </summary>
public sealed record DiscriminatorPhaseSpec(
    EquatableArray<RoleUse> Inputs,
    RoleUse? Targets,
    RoleUse Loss,
    EquatableArray<RoleUse> ExtraTerms,
    EquatableArray<PenaltySpec> Penalties,
    RoleUse? AfterBackward,
    RoleUse? AfterUpdate,
    AugmentationSpec? Augmentation = null);

/// <summary>
/// The generator's phase: what the discriminator sees of the generated batch (the discriminator's
/// input transforms that apply here too), its loss, the terms added to it, and what runs after
/// its update (the average).
/// </summary>
public sealed record GeneratorPhaseSpec(EquatableArray<RoleUse> Inputs, RoleUse Loss, EquatableArray<RoleUse> ExtraTerms, RoleUse? AfterUpdate);

/// <summary>The [Data] source and whether it reads files (`train --data`).</summary>
public sealed record DataSpec(RoleCall Call, bool ReadsFiles);

/// <summary>
/// The [Metrics] function, how many samples it is given, the metric best.ckpt follows ("" for the
/// first), and its form: samples alone, samples and the run's data, or the session's translation of
/// held-out batches (a paired experiment's metrics, <see cref="OfTranslations"/>).
/// </summary>
public sealed record MetricsSpec(RoleCall Call, int Samples, string Best, int Form = 0)
{
    public bool OfTranslations => Form == Functional.Generators.Roles.RoleTable.MetricsOfTranslations;
}

/// <summary>One entry of the experiment's trick list, as plain data; the emitter words it.</summary>
public readonly record struct TrickSpec(Role Role, string Method, PenaltyInput Input, int Interval);

/// <summary>
/// Everything the emitter needs to write one experiment's session, grouped by phase, as
/// equatable plain values: no symbols, syntax or C# text, so the incremental pipeline caches it.
/// </summary>
public sealed record ExperimentSpec(
    ExperimentIdentity Identity,
    HyperparametersSpec? Hyperparameters,
    SetupSpec Setup,
    SchedulePhaseSpec Schedule,
    DiscriminatorPhaseSpec Discriminator,
    GeneratorPhaseSpec Generator,
    DataSpec? Data,
    MetricsSpec? Metrics,
    RoleUse? Variants,
    EquatableArray<TrickSpec> Tricks)
{
    /// <summary>Whether the step needs the batch's labels: a conditional network or a class loss.</summary>
    public bool Labelled =>
        Setup.Generator.Conditional || Setup.Discriminator.Conditional || Discriminator.ExtraTerms.Items.Any(t => t.Role == Role.AuxiliaryClassifier);

    /// <summary>Whether the step needs the batch's style labels: a style classifier.</summary>
    public bool StyleLabelled => Discriminator.ExtraTerms.Items.Any(t => t.Role == Role.StyleClassifier);
}

/// <summary>One experiment as the registry sees it, with where its name is declared (for FGAN011 on a repeated name).</summary>
public readonly record struct RegistryEntry(string FullName, string Name, LocationInfo? Location);

/// <summary>What parsing one experiment class produced: a spec when it is valid, its diagnostics, and its registry entry.</summary>
public sealed record ParseResult(ExperimentSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, RegistryEntry? Entry);
