using System.Collections.Generic;
using System.Linq;
using Functional.Generators.Model;
using Functional.Generators.Roles;
using static Functional.Generators.Emitting.Names;

namespace Functional.Generators.Emitting;

/// <summary>
/// What the phases of one experiment's step hand each other, decided once from the spec: the
/// parameters each phase method takes and what the discriminator's phase passes on to the
/// generator's (the paired latent, the real batch as the discriminator saw it).
/// </summary>
internal sealed class StepPlan
{
    public StepPlan(ExperimentSpec spec)
    {
        Spec = spec;
        Labelled = spec.Labelled;
        StyleLabelled = spec.StyleLabelled;
        Paired = spec.Setup.Paired;
        GeneratorNeedsReal = spec.Generator.Loss.Form == RoleTable.GeneratorLossWithReal;
        FeatureMatching = spec.Generator.ExtraTerms.Items.Any(t => t.Role == Role.FeatureMatchingLoss);
        NeedsTarget = spec.Generator.ExtraTerms.Items.Any(t => t.Role == Role.ReconstructionLoss);
    }

    public ExperimentSpec Spec { get; }
    public bool Labelled { get; }
    public bool StyleLabelled { get; }
    public bool Paired { get; }

    /// <summary>A relativistic generator loss compares with the discriminator's logits on the real batch it saw.</summary>
    public bool GeneratorNeedsReal { get; }

    /// <summary>Feature matching compares the discriminator's features of the generated batch with those of the real batch it saw.</summary>
    public bool FeatureMatching { get; }

    /// <summary>Whether the discriminator's phase hands the real batch, as the discriminator saw it, to the generator's.</summary>
    public bool CarriesRealSeen => GeneratorNeedsReal || FeatureMatching;

    /// <summary>A reconstruction loss compares the generated batch with the batch's target.</summary>
    public bool NeedsTarget { get; }

    /// <summary>The labels argument of a network call, or nothing.</summary>
    public string GeneratorLabels => Spec.Setup.Generator.Conditional ? ", labels" : "";

    public string DiscriminatorLabels => Spec.Setup.Discriminator.Conditional ? ", labels" : "";

    public string PhaseParameters => $"long step, in {Batch} batch{(Labelled ? $", {Tensor} labels" : "")}{(StyleLabelled ? $", {Tensor} styleLabels" : "")}";

    public string PhaseArguments => $"step, in batch{(Labelled ? ", labels" : "")}{(StyleLabelled ? ", styleLabels" : "")}";

    /// <summary>A generator call as an expression of its output (without the codes of an encoded generator).</summary>
    public string GeneratorOutput(string latent) =>
        $"generator.call({latent}{GeneratorLabels}){(Spec.Setup.Generator.Encoded ? ".Item1" : "")}";
}

/// <summary>
/// Writes the session's step: the discriminator's phase, then, when the schedule says so, the
/// generator's, each a method of its own (<see cref="DiscriminatorPhaseEmitter"/>,
/// <see cref="GeneratorPhaseEmitter"/>), so the generated code reads like StyleGAN2's named phases.
/// </summary>
internal static class StepEmitter
{
    public static void Emit(SourceWriter w, ExperimentSpec spec)
    {
        var plan = new StepPlan(spec);
        var carried = new List<string>();
        if (plan.Paired) carried.Add("latent");
        if (plan.CarriesRealSeen) carried.Add("realSeen");

        w.Line("/// <summary>One discriminator step, then a generator step when the schedule says so. Runs inside the caller's dispose scope (Trainer.Train opens one per step).</summary>");
        w.Open($"public override void Step(in {Batch} batch)");
        w.Line("var step = DiscriminatorSteps;");
        if (plan.Labelled) w.Line($"var labels = batch.Labels ?? throw {Support}.MissingLabels({Literal(spec.Identity.Name)});");
        if (plan.StyleLabelled) w.Line($"var styleLabels = batch.StyleLabels ?? throw {Support}.MissingStyleLabels({Literal(spec.Identity.Name)});");
        var outs = string.Concat(carried.Select(c => $", out var {c}"));
        w.Line($"DiscriminatorPhase({plan.PhaseArguments}{outs});");
        w.Line("DiscriminatorSteps = step + 1;");
        if (spec.Schedule is not null) w.Line("if (!schedule.IsGeneratorStep(step + 1)) return;");
        w.Line($"GeneratorPhase({plan.PhaseArguments}{string.Concat(carried.Select(c => $", {c}"))});");
        w.Close();
        w.Line();
        DiscriminatorPhaseEmitter.Emit(w, plan);
        w.Line();
        GeneratorPhaseEmitter.Emit(w, plan);
    }

    /// <summary>A discriminator call as a declaration: the logits, and the class (and style) logits too when it has those heads.</summary>
    public static string CallDiscriminator(StepPlan plan, string input, string logits, string classLogits, string styleLogits) =>
        plan.Spec.Setup.Discriminator.StyleHead
            ? $"var ({logits}, {classLogits}, {styleLogits}) = discriminator.call({input}{plan.DiscriminatorLabels});"
            : plan.Spec.Setup.Discriminator.Auxiliary
            ? $"var ({logits}, {classLogits}) = discriminator.call({input}{plan.DiscriminatorLabels});"
            : $"var {logits} = discriminator.call({input}{plan.DiscriminatorLabels});";

    /// <summary>A discriminator call as an expression of its logits only.</summary>
    public static string DiscriminatorLogits(StepPlan plan, string input) =>
        plan.Spec.Setup.Discriminator.Auxiliary
            ? $"discriminator.call({input}{plan.DiscriminatorLabels}).Item1"
            : $"discriminator.call({input}{plan.DiscriminatorLabels})";

    /// <summary>The latent of one batch: drawn for its size, or made from the batch for paired tasks.</summary>
    public static string Latent(StepPlan plan) =>
        plan.Paired ? Calls.Of(plan.Spec, plan.Spec.Setup.Latent.Call, "batch") : Calls.Of(plan.Spec, plan.Spec.Setup.Latent.Call, "batch.Real.size(0), Device");

    /// <summary>
    /// Writes the input transforms of a phase applied to one input (instance noise on real and
    /// generated alike); returns the name of what the discriminator is then given.
    /// </summary>
    public static string Transformed(SourceWriter w, StepPlan plan, IEnumerable<RoleUse> transforms, string input, string name)
    {
        var current = input;
        foreach (var transform in transforms)
        {
            var next = transform.Role switch
            {
                Role.InstanceNoise => "noisy" + char.ToUpperInvariant(name[0]) + name.Substring(1),
                Role.DiscriminatorCondition => "conditioned" + char.ToUpperInvariant(name[0]) + name.Substring(1),
                _ => "transformed" + char.ToUpperInvariant(name[0]) + name.Substring(1),
            };
            w.Line($"var {next} = {Transform(plan, transform, current)};");
            current = next;
        }
        return current;
    }

    /// <summary>One input transform applied to one input, as an expression.</summary>
    static string Transform(StepPlan plan, RoleUse transform, string input) => transform.Role == Role.DiscriminatorCondition
        ? Calls.Of(plan.Spec, transform.Call, $"{input}, batch")
        : Calls.Of(plan.Spec, transform.Call, $"{input}, step");

    /// <summary>
    /// <paramref name="input"/> with the phase's conditions applied (not its noise): what a
    /// penalty's own pass gives the discriminator, which takes conditioned inputs only.
    /// </summary>
    public static string Conditioned(StepPlan plan, string input) =>
        plan.Spec.Discriminator.Inputs.Items.Where(t => t.Role == Role.DiscriminatorCondition)
            .Aggregate(input, (current, condition) => Transform(plan, condition, current));
}
