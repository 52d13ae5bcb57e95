using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace Functional.Generators.Roles;

/// <summary>What a method of an experiment can be; each is an attribute of the Pipeline (GeneratorAttribute, …).</summary>
public enum Role
{
    Generator,
    Discriminator,
    Latent,
    GeneratorOptimizer,
    DiscriminatorOptimizer,
    FrozenNetwork,
    TrainingSchedule,
    InstanceNoise,
    Augmentation,
    TargetLabels,
    DiscriminatorLoss,
    AuxiliaryClassifier,
    GradientPenalty,
    AfterDiscriminatorBackward,
    AfterDiscriminatorStep,
    GeneratorLoss,
    ReconstructionLoss,
    ParameterAveraging,
    Data,
    Metrics,
    Variants,
    LearningRateSchedule,
    Packing,
    LatentCode,
    MutualInformation,
    // Paired style transfer (W-Net): the discriminator conditioned on the batch, a second class head, losses on the generator's own encoders and on the discriminator's features.
    DiscriminatorCondition,
    StyleClassifier,
    EncoderLoss,
    FeatureMatchingLoss,
}

/// <summary>
/// The parts of an experiment. The step runs <see cref="Discriminator"/> (StyleGAN2's Dmain and
/// Dreg) and then, when <see cref="Schedule"/> says so, <see cref="Generator"/> (Gmain);
/// <see cref="Setup"/> builds what they use once per session.
/// </summary>
public enum Phase
{
    Setup,
    Schedule,
    Discriminator,
    Generator,
    Data,
    Evaluation,
    Ablation,
}

/// <summary>Where in its phase a role acts, in the order the phase runs its slots.</summary>
public enum Slot
{
    Network,
    Latent,
    Optimizer,
    FrozenNetwork,
    WhenEachRuns,
    LearningRates,
    /// <summary>What the discriminator sees: transforms applied to real and generated inputs alike.</summary>
    Inputs,
    Targets,
    Loss,
    /// <summary>Terms added to the phase's loss.</summary>
    ExtraTerms,
    Regularization,
    AfterBackward,
    AfterUpdate,
    Source,
    Metrics,
    Variants,
}

/// <summary>A type in a role's signature, as the checker tells it apart.</summary>
public enum Shape
{
    Tensor,
    Int,
    Long,
    Double,
    Void,
    Device,
    Batch,
    DataOptions,
    Parameters,
    BatchSource,
    MetricSet,
    TrainingSchedule,
    VariantList,
    /// <summary>The type the experiment's [FrozenNetwork] method returns.</summary>
    FrozenNetwork,
    /// <summary>IBatchSource itself, as a parameter: the run's data.</summary>
    RunData,
    /// <summary>The type the experiment's [Generator] method returns.</summary>
    GeneratorNetwork,
    /// <summary>The type the experiment's [Discriminator] method returns.</summary>
    DiscriminatorNetwork,
    /// <summary>Func&lt;Batch, Tensor&gt;: the session's translation of a paired batch.</summary>
    Translator,
}

/// <summary>How a role's methods are checked: by a list of forms, or by what the returned module or optimizer is.</summary>
public enum Check
{
    Forms,
    /// <summary>A module factory; the form is a <see cref="NetworkForm"/>.</summary>
    Network,
    Optimizer,
    Module,
}

/// <summary>The forms of the network roles, by what the module takes and returns.</summary>
public enum NetworkForm
{
    /// <summary>Module&lt;Tensor, Tensor&gt;.</summary>
    Plain,
    /// <summary>Module&lt;Tensor, Tensor, Tensor&gt;: (input, labels).</summary>
    Conditional,
    /// <summary>A discriminator returning (Tensor Logits, Tensor ClassLogits).</summary>
    Auxiliary,
    /// <summary>(input, labels) → (Tensor Logits, Tensor ClassLogits).</summary>
    ConditionalAuxiliary,
    /// <summary>A generator returning (Tensor Output, Tensor Codes): its output and the codes its encoders gave the input, for an [EncoderLoss].</summary>
    Encoded,
    /// <summary>A discriminator returning (Tensor Logits, Tensor ClassLogits, Tensor StyleLogits): two class heads, for [AuxiliaryClassifier] and [StyleClassifier].</summary>
    AuxiliaryWithStyle,
}

/// <summary>One signature a role accepts: its return and parameter shapes, less the optional [Hyperparameters] record and Generator.</summary>
public sealed record Form(Shape Returns, ImmutableArray<Shape> Parameters)
{
    public static Form Of(Shape returns, params Shape[] parameters) => new(returns, parameters.ToImmutableArray());
}

/// <summary>
/// A rule that spans roles: a method of this role, in form <see cref="WhenForm"/> (any form when
/// null), needs a method of role <see cref="Needs"/> in one of <see cref="NeedsForms"/> (any when
/// empty); <see cref="What"/> says what it needs, for the message.
/// </summary>
public sealed record Requirement(int? WhenForm, Role Needs, ImmutableArray<int> NeedsForms, string What);

/// <summary>
/// One role: whether an experiment must have it, whether several methods may have it, where it
/// acts (and, for a discriminator trick that the generator's phase repeats, where there), its
/// signatures (as the messages spell them and as the checker matches them), how the trick list
/// and docs/tricks.md describe it (null: not a trick), and the roles it needs. An input transform
/// that only rearranges what the discriminator sees (<see cref="KeepsPenaltyPass"/>: packing, a condition)
/// applies to a penalty's inputs too, and leaves the penalty sharing the discriminator's pass.
/// </summary>
public sealed record RoleRow(
    Role Role,
    bool Required,
    bool Repeatable,
    Phase Phase,
    Slot Slot,
    Check Check,
    ImmutableArray<Form> Forms,
    string Signature,
    string? Trick,
    ImmutableArray<Requirement> Requires,
    Slot? GeneratorSlot = null,
    bool KeepsPenaltyPass = false)
{
    /// <summary>The attribute's name without "Attribute" (the role as users write it: [GradientPenalty]).</summary>
    public string Name => Role.ToString();

    public bool IsTrick => Trick is not null;
}

/// <summary>
/// Every role, once: the parser reads its roles, their signatures and their cross-role rules
/// from here, the trick list its descriptions, and a test holds it and the Pipeline's role
/// attributes together. Adding a role is one row here, its attribute, and the phase that runs it.
/// </summary>
public static class RoleTable
{
    static readonly ImmutableArray<Requirement> None = ImmutableArray<Requirement>.Empty;

    static ImmutableArray<Form> Forms(params Form[] forms) => forms.ToImmutableArray();

    static Requirement Needs(Role role, string what, int? whenForm = null, params int[] forms) =>
        new(whenForm, role, forms.ToImmutableArray(), what);

    static readonly int[] TwoHeaded = { (int)NetworkForm.Auxiliary, (int)NetworkForm.ConditionalAuxiliary };

    /// <summary>Form indices of <see cref="Role.DiscriminatorLoss"/>, <see cref="Role.GeneratorLoss"/>, <see cref="Role.Latent"/> and <see cref="Role.ReconstructionLoss"/>.</summary>
    public const int DiscriminatorLossWithTargets = 1, GeneratorLossWithReal = 1, LatentFromBatch = 1, ReconstructionWithFrozenNetwork = 1;

    /// <summary>The form index of <see cref="Role.Metrics"/> that compares samples with the run's data.</summary>
    public const int MetricsWithData = 1;
    /// <summary>The form index of <see cref="Role.Metrics"/> for paired experiments: the metrics translate held-out batches themselves.</summary>
    public const int MetricsOfTranslations = 2;

    public static ImmutableArray<RoleRow> Rows { get; } = ImmutableArray.Create(
        new RoleRow(Role.Generator, true, false, Phase.Setup, Slot.Network, Check.Network, Forms(),
            "static Module<Tensor, Tensor> M(), Module<Tensor, Tensor, Tensor> (latent, labels) when conditional, or a module returning (Tensor Output, Tensor Codes) for an encoder loss", null, None),
        new RoleRow(Role.Discriminator, true, false, Phase.Setup, Slot.Network, Check.Network, Forms(),
            "static Module<Tensor, Tensor> M(), Module<Tensor, Tensor, Tensor> (input, labels) when conditional, or a module returning (Tensor Logits, Tensor ClassLogits) with an auxiliary classifier, or (Tensor Logits, Tensor ClassLogits, Tensor StyleLogits) with a style classifier too", null,
            ImmutableArray.Create(
                Needs(Role.StyleClassifier, "a [StyleClassifier] that uses the style logits", (int)NetworkForm.AuxiliaryWithStyle))),
        new RoleRow(Role.Latent, true, false, Phase.Setup, Slot.Latent, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Long, Shape.Device), Form.Of(Shape.Tensor, Shape.Batch)),
            "static Tensor M(long batchSize, Device device), or Tensor M(Batch batch) for paired tasks", null, None),
        new RoleRow(Role.GeneratorOptimizer, true, false, Phase.Setup, Slot.Optimizer, Check.Optimizer, Forms(),
            "static Optimizer M(IEnumerable<Parameter> parameters)", null, None),
        new RoleRow(Role.DiscriminatorOptimizer, true, false, Phase.Setup, Slot.Optimizer, Check.Optimizer, Forms(),
            "static Optimizer M(IEnumerable<Parameter> parameters)", null, None),
        new RoleRow(Role.FrozenNetwork, false, false, Phase.Setup, Slot.FrozenNetwork, Check.Module, Forms(),
            "static T M(DataOptions options) where T is a Module", null,
            ImmutableArray.Create(Needs(Role.ReconstructionLoss, "a [ReconstructionLoss] that takes the frozen network as its third parameter", null, ReconstructionWithFrozenNetwork))),
        new RoleRow(Role.TrainingSchedule, false, false, Phase.Schedule, Slot.WhenEachRuns, Check.Forms,
            Forms(Form.Of(Shape.TrainingSchedule)),
            "static TrainingSchedule M()", "training schedule", None),
        new RoleRow(Role.InstanceNoise, false, false, Phase.Discriminator, Slot.Inputs, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor, Shape.Long)),
            "static Tensor M(Tensor input, long discriminatorStep)", "instance noise", None, GeneratorSlot: Slot.Inputs),
        new RoleRow(Role.Augmentation, false, false, Phase.Discriminator, Slot.Inputs, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor, Shape.Double)),
            "static Tensor M(Tensor images, double probability, Generator random)", "discriminator augmentation", None, GeneratorSlot: Slot.Inputs),
        new RoleRow(Role.TargetLabels, false, false, Phase.Discriminator, Slot.Targets, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor)),
            "static Tensor M(Tensor hardTargets)", "target labels",
            ImmutableArray.Create(Needs(Role.DiscriminatorLoss, "a [DiscriminatorLoss] that takes targets: (realLogits, fakeLogits, realTargets, fakeTargets)", null, DiscriminatorLossWithTargets))),
        new RoleRow(Role.DiscriminatorLoss, true, false, Phase.Discriminator, Slot.Loss, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor, Shape.Tensor), Form.Of(Shape.Tensor, Shape.Tensor, Shape.Tensor, Shape.Tensor, Shape.Tensor)),
            "static Tensor M(Tensor realLogits, Tensor fakeLogits), or (realLogits, fakeLogits, realTargets, fakeTargets)", null, None),
        new RoleRow(Role.AuxiliaryClassifier, false, false, Phase.Discriminator, Slot.ExtraTerms, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor, Shape.Tensor)),
            "static Tensor M(Tensor classLogits, Tensor labels)", "auxiliary classifier", None, GeneratorSlot: Slot.ExtraTerms),
        new RoleRow(Role.GradientPenalty, false, true, Phase.Discriminator, Slot.Regularization, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor)),
            "static Tensor M(Tensor inputGradients)", "gradient penalty", None),
        new RoleRow(Role.AfterDiscriminatorBackward, false, false, Phase.Discriminator, Slot.AfterBackward, Check.Forms,
            Forms(Form.Of(Shape.Void, Shape.Parameters)),
            "static void M(IEnumerable<Parameter> parameters)", "after discriminator backward", None),
        new RoleRow(Role.AfterDiscriminatorStep, false, false, Phase.Discriminator, Slot.AfterUpdate, Check.Forms,
            Forms(Form.Of(Shape.Void, Shape.Parameters)),
            "static void M(IEnumerable<Parameter> parameters)", "after discriminator step", None),
        new RoleRow(Role.GeneratorLoss, true, false, Phase.Generator, Slot.Loss, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor), Form.Of(Shape.Tensor, Shape.Tensor, Shape.Tensor)),
            "static Tensor M(Tensor fakeLogits), or (Tensor fakeLogits, Tensor realLogits)", null, None),
        new RoleRow(Role.ReconstructionLoss, false, false, Phase.Generator, Slot.ExtraTerms, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor, Shape.Tensor), Form.Of(Shape.Tensor, Shape.Tensor, Shape.Tensor, Shape.FrozenNetwork)),
            "static Tensor M(Tensor generated, Tensor target), optionally with a third parameter of the [FrozenNetwork] type", "reconstruction loss",
            ImmutableArray.Create(Needs(Role.FrozenNetwork, "a [FrozenNetwork] method that builds the network it takes", ReconstructionWithFrozenNetwork))),
        new RoleRow(Role.ParameterAveraging, false, false, Phase.Generator, Slot.AfterUpdate, Check.Forms,
            Forms(Form.Of(Shape.Double, Shape.Long)),
            "static double M(long generatorStep)", "generator weight averaging", None),
        new RoleRow(Role.Data, false, false, Phase.Data, Slot.Source, Check.Forms,
            Forms(Form.Of(Shape.BatchSource, Shape.DataOptions)),
            "static IBatchSource M(DataOptions options)", null, None),
        new RoleRow(Role.Metrics, false, false, Phase.Evaluation, Slot.Metrics, Check.Forms,
            Forms(Form.Of(Shape.MetricSet, Shape.Tensor), Form.Of(Shape.MetricSet, Shape.Tensor, Shape.RunData), Form.Of(Shape.MetricSet, Shape.Translator, Shape.DataOptions)),
            "static MetricSet M(Tensor samples), or (Tensor samples, IBatchSource data) to compare with the run's data, or MetricSet M(Func<Batch, Tensor> translate, DataOptions data) for paired tasks", null,
            ImmutableArray.Create(Needs(Role.Latent, "a [Latent] made from the batch (Tensor M(Batch batch)): metrics that translate need a paired experiment", MetricsOfTranslations, LatentFromBatch))),
        new RoleRow(Role.Variants, false, false, Phase.Ablation, Slot.Variants, Check.Forms,
            Forms(Form.Of(Shape.VariantList)),
            "static IReadOnlyList<AblationVariant> M()", null, None),
        new RoleRow(Role.LearningRateSchedule, false, false, Phase.Schedule, Slot.LearningRates, Check.Forms,
            Forms(Form.Of(Shape.Double, Shape.Long, Shape.Long)),
            "static double M(long discriminatorStep, long totalSteps)", "learning-rate schedule", None),
        new RoleRow(Role.Packing, false, false, Phase.Discriminator, Slot.Inputs, Check.Forms,
            Forms(Form.Of(Shape.Int)),
            "static int M()", "packing", None, GeneratorSlot: Slot.Inputs, KeepsPenaltyPass: true),
        new RoleRow(Role.LatentCode, false, false, Phase.Setup, Slot.Latent, Check.Forms,
            Forms(Form.Of(Shape.Int)),
            "static int M()", "categorical latent code", None),
        new RoleRow(Role.MutualInformation, false, false, Phase.Discriminator, Slot.ExtraTerms, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor, Shape.Tensor)),
            "static Tensor M(Tensor codeLogits, Tensor codes)", "mutual information with the latent code",
            ImmutableArray.Create(
                Needs(Role.LatentCode, "a [LatentCode] method that says how many categories the code has"),
                Needs(Role.Discriminator, "a discriminator that returns (Tensor Logits, Tensor CodeLogits)", null, TwoHeaded)),
            GeneratorSlot: Slot.ExtraTerms),
        // Paired style transfer (W-Net).
        new RoleRow(Role.DiscriminatorCondition, false, false, Phase.Discriminator, Slot.Inputs, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor, Shape.Batch)),
            "static Tensor M(Tensor input, Batch batch)", "discriminator conditioned on the batch", None, GeneratorSlot: Slot.Inputs, KeepsPenaltyPass: true),
        new RoleRow(Role.StyleClassifier, false, false, Phase.Discriminator, Slot.ExtraTerms, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.Tensor, Shape.Tensor)),
            "static Tensor M(Tensor styleLogits, Tensor styleLabels)", "style classifier",
            ImmutableArray.Create(Needs(Role.Discriminator, "a discriminator that returns (Tensor Logits, Tensor ClassLogits, Tensor StyleLogits)", null, (int)NetworkForm.AuxiliaryWithStyle)),
            GeneratorSlot: Slot.ExtraTerms),
        new RoleRow(Role.EncoderLoss, false, true, Phase.Generator, Slot.ExtraTerms, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.GeneratorNetwork, Shape.Tensor, Shape.Tensor, Shape.Batch)),
            "static Tensor M(TGenerator generator, Tensor generated, Tensor codes, Batch batch), TGenerator the [Generator]'s type", "encoder loss",
            ImmutableArray.Create(Needs(Role.Generator, "a generator that returns (Tensor Output, Tensor Codes)", null, (int)NetworkForm.Encoded))),
        new RoleRow(Role.FeatureMatchingLoss, false, false, Phase.Generator, Slot.ExtraTerms, Check.Forms,
            Forms(Form.Of(Shape.Tensor, Shape.DiscriminatorNetwork, Shape.Tensor, Shape.Tensor)),
            "static Tensor M(TDiscriminator discriminator, Tensor generatedSeen, Tensor realSeen), TDiscriminator the [Discriminator]'s type", "discriminator feature matching", None));

    static readonly Dictionary<string, RoleRow> ByAttribute = Rows.ToDictionary(r => "Functional." + r.Name + "Attribute");
    static readonly Dictionary<Role, RoleRow> ByRole = Rows.ToDictionary(r => r.Role);

    /// <summary>The row of an attribute class (its full metadata name, Functional.XAttribute); null for any other attribute.</summary>
    public static RoleRow? OfAttribute(string fullName) => ByAttribute.TryGetValue(fullName, out var row) ? row : null;

    public static RoleRow Of(Role role) => ByRole[role];
}
