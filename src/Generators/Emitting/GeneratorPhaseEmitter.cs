using System.Linq;
using Functional.Generators.Model;
using Functional.Generators.Roles;
using static Functional.Generators.Emitting.Names;

namespace Functional.Generators.Emitting;

/// <summary>
/// Writes the generator's phase (StyleGAN2's Gmain) slot by slot: a fresh generated batch as the
/// discriminator sees it, the generator's loss and the terms added to it, its backward pass and
/// update, and what runs after the update (the generator average).
/// </summary>
internal static class GeneratorPhaseEmitter
{
    public static void Emit(SourceWriter w, StepPlan plan)
    {
        var spec = plan.Spec;
        var phase = spec.Generator;
        var carried = (plan.Paired ? $", {Tensor} latent" : "") + (plan.CarriesRealSeen ? $", {Tensor} realSeen" : "");
        w.Line("/// <summary>The generator's phase (StyleGAN2's Gmain): a fresh generated batch judged by the discriminator, its loss and extra terms, its backward pass, update and average.</summary>");
        w.Open($"void GeneratorPhase({plan.PhaseParameters}{carried})");
        if (plan.NeedsTarget) w.Line("var target = batch.Real;");

        w.Line("// Inputs: generated samples as the discriminator sees them.");
        if (plan.Paired) w.Line("var generatorLatent = latent;");
        else StepEmitter.DeclareLatent(w, plan, "generatorLatent", "generatorCodes");
        w.Line(spec.Setup.Generator.Encoded
            ? "var (generated, generatedCodes) = generator.call(generatorLatent);"
            : $"var generated = generator.call(generatorLatent{plan.GeneratorLabels});");
        var seen = DiscriminatorPhaseEmitter.Transformed(w, plan, phase.Inputs, "generated", "generated");

        w.Line("// Loss.");
        w.Line(StepEmitter.CallDiscriminator(plan, seen, "generatedLogits", "generatedClassLogits", "generatedStyleLogits"));
        if (phase.Loss.Form == RoleTable.GeneratorLossWithReal)
        {
            w.Line($"{Tensor} currentRealLogits;");
            w.Line($"using ({Torch}.no_grad())");
            w.Line($"    currentRealLogits = {StepEmitter.DiscriminatorLogits(plan, "realSeen")};");
            w.Line($"var generatorLoss = {Calls.Of(spec, phase.Loss.Call, "generatedLogits, currentRealLogits")};");
        }
        else
        {
            w.Line($"var generatorLoss = {Calls.Of(spec, phase.Loss.Call, "generatedLogits")};");
        }
        if (phase.ExtraTerms.Length > 0) w.Line("// Extra terms.");
        foreach (var term in phase.ExtraTerms)
        {
            var arguments = term.Role switch
            {
                Role.AuxiliaryClassifier => "generatedClassLogits, labels",
                Role.MutualInformation => "generatedClassLogits, generatorCodes",
                Role.StyleClassifier => "generatedStyleLogits, styleLabels",
                Role.EncoderLoss => "generator, generated, generatedCodes, batch",
                Role.FeatureMatchingLoss => $"discriminator, {seen}, realSeen",
                Role.ReconstructionLoss when term.Form == RoleTable.ReconstructionWithFrozenNetwork => "generated, target, frozenNetwork",
                _ => "generated, target",
            };
            w.Line($"generatorLoss = generatorLoss + {Calls.Of(spec, term.Call, arguments)};");
        }

        w.Line("// Backward and update.");
        w.Line($"{Support}.ClearGradients(generatorParameters);");
        w.Line("// Only the generator's weights train here: the discriminator's weight gradients are not computed.");
        w.Line("generatorLoss.backward(inputs: generatorParameters);");
        DiscriminatorPhaseEmitter.GradientAllReduce(w, "generator");
        w.Line("GeneratorSteps += 1;");
        w.Open("if (Guard.AllowsGeneratorUpdate(step, generatorLoss, generatorParameters, generatorOptimizer))");
        w.Line("generatorOptimizer.step();");
        w.Line("Losses.AddGenerator(generatorLoss);");
        if (phase.AfterUpdate is { } averaging)
        {
            w.Line("// After the update: the generator average.");
            w.Line($"averagedParameters.Update({Calls.Of(spec, averaging.Call, "GeneratorSteps")});");
        }
        w.Close();
        w.Close();
    }
}
