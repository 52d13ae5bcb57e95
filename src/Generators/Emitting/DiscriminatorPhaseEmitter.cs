using System.Collections.Generic;
using System.Linq;
using Functional.Generators.Model;
using Functional.Generators.Roles;
using static Functional.Generators.Emitting.Names;

namespace Functional.Generators.Emitting;

/// <summary>
/// Writes the discriminator's phase (StyleGAN2's Dmain and Dreg) slot by slot: its inputs, targets
/// and loss with the terms added to it, its gradient penalties, its backward pass, the hooks after
/// it and after the update.
/// </summary>
internal static class DiscriminatorPhaseEmitter
{
    /// <summary>The session's state for this phase's roles: the packing degree.</summary>
    public static void Fields(SourceWriter w, ExperimentSpec spec)
    {
        if (Packing(spec) is not null) w.Line("readonly int packing;");
    }

    public static void Construct(SourceWriter w, ExperimentSpec spec)
    {
        if (Packing(spec) is { } packing) w.Line($"packing = {Names.Packing}.Degree({Calls.Of(spec, packing.Call)});");
    }

    public static void Members(SourceWriter w, ExperimentSpec spec)
    {
        if (Packing(spec) is null) return;
        w.Line();
        w.Line("public override int BatchMultiple => packing;");
    }

    static RoleUse? Packing(ExperimentSpec spec) =>
        spec.Discriminator.Inputs.Items.FirstOrDefault(t => t.Role == Role.Packing) is { Call.Method: not null } packing ? packing : null;

    public static void Emit(SourceWriter w, StepPlan plan)
    {
        var spec = plan.Spec;
        var phase = spec.Discriminator;
        var outs = (plan.Paired ? $", out {Tensor} latent" : "") + (plan.CarriesRealSeen ? $", out {Tensor} realSeen" : "");
        w.Line("/// <summary>The discriminator's phase (StyleGAN2's Dmain and Dreg): real against generated, its loss and penalties, its backward pass and update.</summary>");
        w.Open($"void DiscriminatorPhase({plan.PhaseParameters}{outs})");
        w.Line("var real = batch.Real;");

        w.Line("// Inputs: real against generated.");
        StepEmitter.DeclareLatent(w, plan, "latent", "codes", assign: plan.Paired);
        w.Line($"{Tensor} fake;");
        w.Line($"using ({Torch}.no_grad())");
        w.Line($"    fake = {plan.GeneratorOutput("latent")};");
        var (realInput, fakeInput, sharedReal, sharedFake) = Inputs(w, plan);

        w.Line("// Loss.");
        w.Line(StepEmitter.CallDiscriminator(plan, realInput, "realLogits", "realClassLogits", "realStyleLogits"));
        w.Line(StepEmitter.CallDiscriminator(plan, fakeInput, "fakeLogits", "fakeClassLogits", "fakeStyleLogits"));
        Loss(w, plan);
        foreach (var term in phase.ExtraTerms)
            w.Line(term.Role switch
            {
                Role.AuxiliaryClassifier => $"discriminatorLoss = discriminatorLoss + {Calls.Of(spec, term.Call, "realClassLogits, labels")} + {Calls.Of(spec, term.Call, "fakeClassLogits, labels")};",
                Role.StyleClassifier => $"discriminatorLoss = discriminatorLoss + {Calls.Of(spec, term.Call, "realStyleLogits, styleLabels")} + {Calls.Of(spec, term.Call, "fakeStyleLogits, styleLabels")};",
                // InfoGAN: the code head learns to recover the code from generated samples.
                _ => $"discriminatorLoss = discriminatorLoss + {Calls.Of(spec, term.Call, "fakeClassLogits, codes")};",
            });

        if (phase.Penalties.Length > 0) w.Line("// Regularization.");
        foreach (var penalty in phase.Penalties)
        {
            if (penalty.Equals(sharedReal)) SharedPenalty(w, spec, penalty, "realInput", "realLogits");
            else if (penalty.Equals(sharedFake)) SharedPenalty(w, spec, penalty, "fakeInput", "fakeLogits");
            else Penalty(w, plan, penalty);
        }

        w.Line("// Backward and update.");
        w.Line($"{Support}.ClearGradients(discriminatorParameters);");
        w.Line("// Only the discriminator's weights train here: no gradient for the inputs that a penalty differentiated at.");
        w.Line("discriminatorLoss.backward(inputs: discriminatorParameters);");
        GradientAllReduce(w, "discriminator");
        if (phase.AfterBackward is { } afterBackward)
            w.Line(Calls.Of(spec, afterBackward.Call, "discriminatorParameters") + ";");
        w.Open("if (Guard.AllowsDiscriminatorUpdate(step, discriminatorLoss, discriminatorParameters, discriminatorOptimizer))");
        w.Line("discriminatorOptimizer.step();");
        if (phase.AfterUpdate is { } afterUpdate)
            w.Line(Calls.Of(spec, afterUpdate.Call, "discriminatorParameters") + ";");
        w.Line("Losses.AddDiscriminator(discriminatorLoss);");
        if (phase.Augmentation is { Adaptive: true })
            w.Line("augmentation.Observe(realLogits);");
        w.Close();
        if (phase.Augmentation is { Adaptive: true } ada)
        {
            w.Line($"// ADA: every {ada.Interval} steps the share of real images D calls real, r_t = E[sign(D(real))], moves p toward r_t = {Number(ada.Target)}.");
            w.Line("augmentation.AfterStep(step + 1);");
        }
        if (plan.CarriesRealSeen) w.Line($"realSeen = {realInput};");
        w.Close();
    }

    /// <summary>
    /// The data-parallel hook between a backward pass and what reads its gradients (the hooks after
    /// it, the guard, the optimizer), so that all of them see the gradients of the whole batch.
    /// </summary>
    internal static void GradientAllReduce(SourceWriter w, string network)
    {
        var upper = char.ToUpperInvariant(network[0]) + network.Substring(1);
        w.Line("// Data-parallel: gradients and loss averaged over the ranks in one all-reduce (alone, the loss as it is).");
        w.Line($"{network}Loss = {Parallel}.Average{upper}(step, {network}Parameters, {network}Loss);");
    }

    /// <summary>
    /// Declares what the discriminator is given of the real and generated batches, and which
    /// penalties share those inputs' forward pass; returns their names.
    /// </summary>
    static (string Real, string Fake, PenaltySpec SharedReal, PenaltySpec SharedFake) Inputs(SourceWriter w, StepPlan plan)
    {
        var phase = plan.Spec.Discriminator;
        // A penalty on real (or fake) inputs shares the discriminator's forward pass on them: the
        // input gets requires_grad on the steps where the penalty runs, and its gradient is taken
        // from the same logits. With a perturbing transform (instance noise, augmentation) the
        // discriminator sees other inputs than the penalty's, so the penalty keeps its own pass on the
        // clean ones; packing and a condition (the batch's inputs stacked beside the image) only
        // rearrange what it sees, and leave the image itself as the penalty's input.
        var untransformed = phase.Inputs.Items.All(KeepsPenaltyPass);
        var sharedReal = untransformed ? phase.Penalties.Items.FirstOrDefault(p => p.Input == PenaltyInput.Real) : default;
        var sharedFake = untransformed ? phase.Penalties.Items.FirstOrDefault(p => p.Input == PenaltyInput.Fake) : default;
        var real = sharedReal.Call.Method is not null ? SharedInput(w, sharedReal, "real") : "real";
        var fake = sharedFake.Call.Method is not null ? SharedInput(w, sharedFake, "fake") : "fake";
        if (phase.Augmentation is not null)
            w.Line("// Augmented alike, real and generated; the generator's phase augments its samples too, and its gradient flows through.");
        real = Transformed(w, plan, phase.Inputs, real, "real");
        fake = Transformed(w, plan, phase.Inputs, fake, "fake");
        return (real, fake, sharedReal, sharedFake);
    }

    static bool KeepsPenaltyPass(RoleUse transform) => RoleTable.Of(transform.Role).KeepsPenaltyPass;

    /// <summary>
    /// Writes the discriminator's input transforms applied to one input, the ones that perturb it
    /// (instance noise, augmentation) first and those that rearrange it (packing) last; returns the name of what
    /// the discriminator is then given. The generator's phase gives its batch the same.
    /// </summary>
    public static string Transformed(SourceWriter w, StepPlan plan, IEnumerable<RoleUse> transforms, string input, string name)
    {
        var current = input;
        var suffix = char.ToUpperInvariant(name[0]) + name.Substring(1);
        foreach (var transform in transforms.OrderBy(KeepsPenaltyPass))
        {
            var (next, call) = transform.Role switch
            {
                Role.InstanceNoise => ("noisy" + suffix, Calls.Of(plan.Spec, transform.Call, $"{current}, step")),
                Role.DiscriminatorCondition => ("conditioned" + suffix, Calls.Of(plan.Spec, transform.Call, $"{current}, batch")),
                Role.Augmentation => ("augmented" + suffix, Calls.Of(plan.Spec, transform.Call, $"{current}, augmentation.Probability")),
                Role.Packing => ("packed" + suffix, $"{Names.Packing}.Pack({current}, packing)"),
                _ => ("transformed" + suffix, Calls.Of(plan.Spec, transform.Call, $"{current}, step")),
            };
            w.Line($"var {next} = {call};");
            current = next;
        }
        return current;
    }

    static void Loss(SourceWriter w, StepPlan plan)
    {
        var spec = plan.Spec;
        var loss = spec.Discriminator.Loss;
        if (loss.Form != RoleTable.DiscriminatorLossWithTargets)
        {
            w.Line($"var discriminatorLoss = {Calls.Of(spec, loss.Call, "realLogits, fakeLogits")};");
            return;
        }
        if (spec.Discriminator.Targets is { } targets)
        {
            w.Line($"var realTargets = {Calls.Of(spec, targets.Call, $"{Torch}.ones_like(realLogits)")};");
            w.Line($"var fakeTargets = {Calls.Of(spec, targets.Call, $"{Torch}.zeros_like(fakeLogits)")};");
        }
        else
        {
            w.Line($"var realTargets = {Torch}.ones_like(realLogits);");
            w.Line($"var fakeTargets = {Torch}.zeros_like(fakeLogits);");
        }
        w.Line($"var discriminatorLoss = {Calls.Of(spec, loss.Call, "realLogits, fakeLogits, realTargets, fakeTargets")};");
    }

    static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    static string Due(PenaltySpec penalty) => LowerFirst(penalty.Call.Method) + "Due";

    static string LowerFirst(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>Declares the discriminator input that a penalty differentiates at; returns its name.</summary>
    static string SharedInput(SourceWriter w, PenaltySpec penalty, string input)
    {
        if (penalty.Interval > 1)
        {
            w.Line($"var {Due(penalty)} = step % {penalty.Interval} == 0;");
            w.Line($"var {input}Input = {Due(penalty)} ? {input}.detach().requires_grad_(true) : {input};");
        }
        else
        {
            w.Line($"var {input}Input = {input}.detach().requires_grad_(true);");
        }
        return input + "Input";
    }

    static void SharedPenalty(SourceWriter w, ExperimentSpec spec, PenaltySpec penalty, string inputs, string logits)
    {
        var name = LowerFirst(penalty.Call.Method);
        var lazy = penalty.Interval > 1;
        w.Line(TrickWording.Penalty(penalty));
        if (lazy) w.Open($"if ({Due(penalty)})");
        else w.Block();
        w.Line($"var {name}Penalty = {Calls.Of(spec, penalty.Call, $"{Penalties}.InputGradients({logits}, {inputs})")};");
        if (lazy) w.Line($"{name}Penalty = {name}Penalty * {penalty.Interval};");
        w.Line($"Losses.AddPenalty({name}Penalty);");
        w.Line($"discriminatorLoss = discriminatorLoss + {name}Penalty;");
        w.Close();
    }

    static void Penalty(SourceWriter w, StepPlan plan, PenaltySpec penalty)
    {
        var spec = plan.Spec;
        var name = LowerFirst(penalty.Call.Method);
        var inputs = penalty.Input switch
        {
            PenaltyInput.Fake => "fake.detach()",
            PenaltyInput.Interpolated => $"{Penalties}.Interpolate(real, fake, Random, {Parallel}.Shard)",
            PenaltyInput.PerturbedReal => $"{Penalties}.Perturb(real, {Parallel}.Shard, g: Random)",
            _ => "real.detach()",
        };
        var lazy = penalty.Interval > 1;
        w.Line(TrickWording.Penalty(penalty));
        if (lazy) w.Open($"if (step % {penalty.Interval} == 0)");
        else w.Block();
        w.Line($"var {name}Inputs = {inputs}.requires_grad_(true);");
        // The penalty's own pass sees its inputs rearranged as the discriminator's are (packing, a condition), not perturbed.
        var seen = Transformed(w, plan, spec.Discriminator.Inputs.Items.Where(KeepsPenaltyPass), $"{name}Inputs", name + "Inputs");
        w.Line($"var {name}Outputs = {StepEmitter.DiscriminatorLogits(plan, seen)};");
        w.Line($"var {name}Penalty = {Calls.Of(spec, penalty.Call, $"{Penalties}.InputGradients({name}Outputs, {name}Inputs)")};");
        if (lazy) w.Line($"{name}Penalty = {name}Penalty * {penalty.Interval};");
        w.Line($"Losses.AddPenalty({name}Penalty);");
        w.Line($"discriminatorLoss = discriminatorLoss + {name}Penalty;");
        w.Close();
    }
}
