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
        if (spec.Schedule.LearningRates is { } rates)
            w.Line($"{Support}.ScaleLearningRates(optimizers, {Calls.Of(spec, rates.Call, "step, TotalSteps")});");
        if (plan.Labelled) w.Line($"var labels = batch.Labels ?? throw {Support}.MissingLabels({Literal(spec.Identity.Name)});");
        if (plan.StyleLabelled) w.Line($"var styleLabels = batch.StyleLabels ?? throw {Support}.MissingStyleLabels({Literal(spec.Identity.Name)});");
        var outs = string.Concat(carried.Select(c => $", out var {c}"));
        w.Line($"DiscriminatorPhase({plan.PhaseArguments}{outs});");
        w.Line("DiscriminatorSteps = step + 1;");
        if (spec.Schedule.Steps is not null) w.Line("if (!schedule.IsGeneratorStep(step + 1)) return;");
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

    /// <summary>
    /// Declares the latent of one batch as <paramref name="name"/>: made from the batch for paired
    /// tasks; else drawn for the whole batch of a data-parallel run (the batch itself, alone) and
    /// this rank's shard kept, with the categorical code (declared as <paramref name="codes"/>,
    /// drawn the same way) appended where the experiment has one.
    /// </summary>
    public static void DeclareLatent(SourceWriter w, StepPlan plan, string name, string codes, bool assign = false)
    {
        var spec = plan.Spec;
        var call = plan.Paired ? Calls.Of(spec, spec.Setup.Latent.Call, "batch") : Calls.Of(spec, spec.Setup.Latent.Call, $"{Parallel}.Shard.WholeRows(batch), Device");
        string Shard(string whole) => plan.Paired ? whole : $"{Parallel}.Shard.Take({whole})";
        var declare = assign ? "" : "var ";
        if (spec.Setup.LatentCode is null)
        {
            w.Line($"{declare}{name} = {Shard(call)};");
            return;
        }
        w.Line($"var {codes} = {Shard($"{Support}.DrawCodes({(plan.Paired ? "batch.Real.size(0)" : $"{Parallel}.Shard.WholeRows(batch)")}, codeCategories, Device, Random)")};");
        w.Line($"{declare}{name} = {Support}.WithCode({Shard(call)}, {codes}, codeCategories);");
    }
}
