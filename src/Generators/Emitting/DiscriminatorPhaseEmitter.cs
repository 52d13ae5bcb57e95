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
    public static void Emit(SourceWriter w, StepPlan plan)
    {
        var spec = plan.Spec;
        var phase = spec.Discriminator;
        var outs = (plan.Paired ? $", out {Tensor} latent" : "") + (plan.CarriesRealSeen ? $", out {Tensor} realSeen" : "");
        w.Line("/// <summary>The discriminator's phase (StyleGAN2's Dmain and Dreg): real against generated, its loss and penalties, its backward pass and update.</summary>");
        w.Open($"void DiscriminatorPhase({plan.PhaseParameters}{outs})");
        w.Line("var real = batch.Real;");

        w.Line("// Inputs: real against generated.");
        w.Line($"{(plan.Paired ? "" : "var ")}latent = {StepEmitter.Latent(plan)};");
        w.Line($"{Tensor} fake;");
        w.Line($"using ({Torch}.no_grad())");
        w.Line($"    fake = {plan.GeneratorOutput("latent")};");
        var (realInput, fakeInput, sharedReal, sharedFake) = Inputs(w, plan);

        w.Line("// Loss.");
        w.Line(StepEmitter.CallDiscriminator(plan, realInput, "realLogits", "realClassLogits", "realStyleLogits"));
        w.Line(StepEmitter.CallDiscriminator(plan, fakeInput, "fakeLogits", "fakeClassLogits", "fakeStyleLogits"));
        Loss(w, plan);
        foreach (var term in phase.ExtraTerms)
            if (term.Role == Role.AuxiliaryClassifier)
                w.Line($"discriminatorLoss = discriminatorLoss + {Calls.Of(spec, term.Call, "realClassLogits, labels")} + {Calls.Of(spec, term.Call, "fakeClassLogits, labels")};");
            else if (term.Role == Role.StyleClassifier)
                w.Line($"discriminatorLoss = discriminatorLoss + {Calls.Of(spec, term.Call, "realStyleLogits, styleLabels")} + {Calls.Of(spec, term.Call, "fakeStyleLogits, styleLabels")};");

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
        if (phase.AfterBackward is { } afterBackward)
            w.Line(Calls.Of(spec, afterBackward.Call, "discriminatorParameters") + ";");
        w.Open("if (Guard.AllowsDiscriminatorUpdate(step, discriminatorLoss, discriminatorParameters, discriminatorOptimizer))");
        w.Line("discriminatorOptimizer.step();");
        if (phase.AfterUpdate is { } afterUpdate)
            w.Line(Calls.Of(spec, afterUpdate.Call, "discriminatorParameters") + ";");
        w.Line("Losses.AddDiscriminator(discriminatorLoss);");
        w.Close();
        if (plan.CarriesRealSeen) w.Line($"realSeen = {realInput};");
        w.Close();
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
        // from the same logits. With instance noise the discriminator sees other inputs than the
        // penalty's, so the penalty keeps its own pass on the clean ones; a condition (the batch's
        // inputs stacked beside the image) leaves the image itself as the penalty's input.
        var untransformed = phase.Inputs.Items.All(t => t.Role == Role.DiscriminatorCondition);
        var sharedReal = untransformed ? phase.Penalties.Items.FirstOrDefault(p => p.Input == PenaltyInput.Real) : default;
        var sharedFake = untransformed ? phase.Penalties.Items.FirstOrDefault(p => p.Input == PenaltyInput.Fake) : default;
        var real = sharedReal.Call.Method is not null ? SharedInput(w, sharedReal, "real") : "real";
        var fake = sharedFake.Call.Method is not null ? SharedInput(w, sharedFake, "fake") : "fake";
        real = StepEmitter.Transformed(w, plan, phase.Inputs, real, "real");
        fake = StepEmitter.Transformed(w, plan, phase.Inputs, fake, "fake");
        return (real, fake, sharedReal, sharedFake);
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
            PenaltyInput.Interpolated => $"{Penalties}.Interpolate(real, fake, Random)",
            PenaltyInput.PerturbedReal => $"{Penalties}.Perturb(real, g: Random)",
            _ => "real.detach()",
        };
        var lazy = penalty.Interval > 1;
        w.Line(TrickWording.Penalty(penalty));
        if (lazy) w.Open($"if (step % {penalty.Interval} == 0)");
        else w.Block();
        w.Line($"var {name}Inputs = {inputs}.requires_grad_(true);");
        w.Line($"var {name}Outputs = {StepEmitter.DiscriminatorLogits(plan, StepEmitter.Conditioned(plan, $"{name}Inputs"))};");
        w.Line($"var {name}Penalty = {Calls.Of(spec, penalty.Call, $"{Penalties}.InputGradients({name}Outputs, {name}Inputs)")};");
        if (lazy) w.Line($"{name}Penalty = {name}Penalty * {penalty.Interval};");
        w.Line($"Losses.AddPenalty({name}Penalty);");
        w.Line($"discriminatorLoss = discriminatorLoss + {name}Penalty;");
        w.Close();
    }
}
