using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Functional.Generators.Diagnostics;
using Functional.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Functional.Generators.Parsing;

/// <summary>Turns a [GanExperiment] class into an <see cref="ExperimentSpec"/> plus diagnostics.</summary>
internal static class ExperimentParser
{
    public const string ExperimentAttribute = "Functional.GanExperimentAttribute";

    /// <summary>One role-attributed method, with the attribute that marked it.</summary>
    internal sealed record Marked(string Role, IMethodSymbol Method, AttributeData Attribute);

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (ClassDeclarationSyntax)context.TargetNode;
        var attribute = context.Attributes[0];
        var name = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string ?? "" : "";
        var description = Named(attribute, "Description") as string ?? "";
        var classes = Named(attribute, "Classes") is int c ? c : 0;
        var diagnostics = new List<DiagnosticInfo>();
        var known = new KnownTypes(context.SemanticModel.Compilation);

        if (!type.IsStatic || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            return Fail(DiagnosticInfo.Create(Descriptors.NotStaticPartial, syntax.Identifier.GetLocation(), type.Name));
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
            return Fail(DiagnosticInfo.Create(Descriptors.InvalidExperimentName, attribute.ApplicationSyntaxReference?.GetSyntax(cancellation).GetLocation(),
                name ?? "", "use one word without spaces, e.g. \"ring8\""));

        var marked = new List<Marked>();
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            foreach (var attributeData in method.GetAttributes())
            {
                var role = attributeData.AttributeClass is { } cls ? Roles.Of(cls) : null;
                if (role is null) continue;
                if (!method.IsStatic)
                {
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.RoleNotStatic, method.Locations.FirstOrDefault(), role, method.Name));
                    continue;
                }
                marked.Add(new Marked(role, method, attributeData));
            }
        }

        var checker = new SignatureChecker(known, diagnostics);
        Marked? Single(string role, bool required)
        {
            var found = marked.Where(m => m.Role == role).ToList();
            if (found.Count > 1)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.DuplicateRole, found[1].Method.Locations.FirstOrDefault(),
                    name, role, found[0].Method.Name, found[1].Method.Name));
            if (found.Count == 0 && required)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.MissingRole, syntax.Identifier.GetLocation(),
                    name, role, Roles.Signature(role) ?? ""));
            return found.FirstOrDefault();
        }

        var generator = Single(Roles.Generator, required: true);
        var discriminator = Single(Roles.Discriminator, required: true);
        var latent = Single(Roles.Latent, required: true);
        var discriminatorLoss = Single(Roles.DiscriminatorLoss, required: true);
        var generatorLoss = Single(Roles.GeneratorLoss, required: true);
        var generatorOptimizer = Single(Roles.GeneratorOptimizer, required: true);
        var discriminatorOptimizer = Single(Roles.DiscriminatorOptimizer, required: true);
        var data = Single(Roles.Data, required: false);
        var metrics = Single(Roles.Metrics, required: false);
        var schedule = Single(Roles.TrainingSchedule, required: false);
        var targets = Single(Roles.TargetLabels, required: false);
        var noise = Single(Roles.InstanceNoise, required: false);
        var averaging = Single(Roles.ParameterAveraging, required: false);
        var afterBackward = Single(Roles.AfterDiscriminatorBackward, required: false);
        var afterStep = Single(Roles.AfterDiscriminatorStep, required: false);
        var auxiliary = Single(Roles.AuxiliaryClassifier, required: false);
        var reconstruction = Single(Roles.ReconstructionLoss, required: false);
        var frozen = Single(Roles.FrozenNetwork, required: false);
        var variants = Single(Roles.Variants, required: false);
        var penalties = marked.Where(m => m.Role == Roles.GradientPenalty).ToList();

        var g = checker.Network(generator, allowAuxiliary: false);
        var d = checker.Network(discriminator, allowAuxiliary: true);
        var latentShape = checker.Latent(latent);
        var dLossTargets = checker.TensorFunction(discriminatorLoss, new[] { 2, 4 });
        var gLossReal = checker.TensorFunction(generatorLoss, new[] { 1, 2 });
        var gOpt = checker.Optimizer(generatorOptimizer);
        var dOpt = checker.Optimizer(discriminatorOptimizer);
        checker.Returns(data, t => known.Implements(t, known.BatchSource), t => known.Is(t, known.DataOptions));
        checker.Returns(metrics, t => known.Is(t, known.MetricSet), known.IsTensor);
        checker.Returns(schedule, t => known.Is(t, known.TrainingSchedule));
        checker.TensorFunction(targets, new[] { 1 });
        checker.Returns(noise, known.IsTensor, known.IsTensor, known.IsLong);
        checker.Returns(averaging, known.IsDouble, known.IsLong);
        checker.Returns(afterBackward, known.IsVoid, known.IsParameters);
        checker.Returns(afterStep, known.IsVoid, known.IsParameters);
        checker.TensorFunction(auxiliary, new[] { 2 });
        var frozenType = checker.Frozen(frozen);
        var reconstructionFeatures = checker.Reconstruction(reconstruction, frozenType);
        foreach (var penalty in penalties) checker.TensorFunction(penalty, new[] { 1 });
        checker.Returns(variants, known.IsVariantList);
        var hyperparametersType = HyperparameterRecord(marked, known);
        var (hyperparameterFields, settable) = hyperparametersType is null
            ? (new List<HyperparameterSpec>(), false)
            : HyperparameterParser.Fields(hyperparametersType, known, diagnostics);

        var penaltySpecs = new List<PenaltySpec>();
        foreach (var penalty in penalties)
        {
            var input = penalty.Attribute.ConstructorArguments.Length > 0 && penalty.Attribute.ConstructorArguments[0].Value is int i
                ? PenaltyInputName(i)
                : "Real";
            var interval = Named(penalty.Attribute, "Interval") is int k ? k : 1;
            if (interval < 1)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.BadPenaltyInterval, penalty.Method.Locations.FirstOrDefault(),
                    penalty.Method.Name, interval.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            penaltySpecs.Add(new PenaltySpec(Call(penalty), input, interval));
        }

        if (g.Conditional && classes <= 0)
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.ConditionalMismatch, generator!.Method.Locations.FirstOrDefault(), name, "generator", name));
        if (d.Conditional && classes <= 0)
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.ConditionalMismatch, discriminator!.Method.Locations.FirstOrDefault(), name, "discriminator", name));
        if (d.Auxiliary && auxiliary is null && discriminator is not null)
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.AuxiliaryMismatch, discriminator.Method.Locations.FirstOrDefault(), name,
                $"discriminator '{discriminator.Method.Name}' returns (logits, class logits) but no [AuxiliaryClassifier] method uses the class logits"));
        if (!d.Auxiliary && auxiliary is not null && discriminator is not null)
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.AuxiliaryMismatch, auxiliary.Method.Locations.FirstOrDefault(), name,
                $"[AuxiliaryClassifier] '{auxiliary.Method.Name}' needs a discriminator that returns (Tensor Logits, Tensor ClassLogits)"));
        if (auxiliary is not null && classes <= 0)
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.ConditionalMismatch, auxiliary.Method.Locations.FirstOrDefault(), name, "auxiliary classifier", name));

        if (discriminator is not null)
            NetworkLint.Check(discriminator.Method, type, penalties.Select(p => p.Method.Name).FirstOrDefault(), diagnostics, cancellation);

        if (diagnostics.Any(x => Descriptors.ById(x.Id).DefaultSeverity == DiagnosticSeverity.Error))
            return new ParseResult(null, diagnostics.ToEquatableArray(), name);

        var spec = new ExperimentSpec(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            ClassName: type.Name,
            FullName: type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            ExperimentName: name,
            Description: description,
            Classes: classes,
            HyperparametersType: hyperparametersType?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            HyperparameterFields: hyperparameterFields.ToEquatableArray(),
            HyperparametersSettable: settable,
            Variants: CallOrNull(variants),
            Generator: Call(generator!),
            GeneratorType: g.TypeName,
            ConditionalGenerator: g.Conditional,
            Discriminator: Call(discriminator!),
            DiscriminatorType: d.TypeName,
            ConditionalDiscriminator: d.Conditional,
            AuxiliaryDiscriminator: d.Auxiliary,
            Latent: Call(latent!),
            LatentShape: latentShape,
            DiscriminatorLoss: Call(discriminatorLoss!),
            DiscriminatorLossTakesTargets: dLossTargets == 4,
            GeneratorLoss: Call(generatorLoss!),
            GeneratorLossTakesReal: gLossReal == 2,
            GeneratorOptimizer: Call(generatorOptimizer!),
            GeneratorOptimizerType: gOpt,
            DiscriminatorOptimizer: Call(discriminatorOptimizer!),
            DiscriminatorOptimizerType: dOpt,
            Data: CallOrNull(data),
            DataReadsFiles: data is not null && Named(data.Attribute, "ReadsFiles") is true,
            Metrics: CallOrNull(metrics),
            MetricSamples: metrics is not null && Named(metrics.Attribute, "Samples") is int n ? n : 2500,
            BestMetric: metrics is not null && Named(metrics.Attribute, "Best") is string best ? best : "",
            Schedule: CallOrNull(schedule),
            TargetLabels: CallOrNull(targets),
            InstanceNoise: CallOrNull(noise),
            Averaging: CallOrNull(averaging),
            AfterDiscriminatorBackward: CallOrNull(afterBackward),
            AfterDiscriminatorStep: CallOrNull(afterStep),
            AuxiliaryClassifier: CallOrNull(auxiliary),
            Reconstruction: CallOrNull(reconstruction),
            ReconstructionTakesFeatures: reconstructionFeatures,
            FrozenNetwork: CallOrNull(frozen),
            FrozenNetworkType: frozenType,
            Penalties: penaltySpecs.ToEquatableArray(),
            Tricks: TrickNames(marked, penaltySpecs).ToEquatableArray());
        return new ParseResult(spec, diagnostics.ToEquatableArray(), name);

        ParseResult Fail(DiagnosticInfo diagnostic) => new(null, new[] { diagnostic }.ToEquatableArray(), null);
        RoleCall Call(Marked m) => new(m.Method.Name, m.Method.Parameters.Any(p => known.IsHyperparameters(p.Type)));
        RoleCall? CallOrNull(Marked? m) => m is null ? null : Call(m);
    }

    static INamedTypeSymbol? HyperparameterRecord(IEnumerable<Marked> marked, KnownTypes known) =>
        marked.SelectMany(m => m.Method.Parameters)
            .Select(p => p.Type)
            .FirstOrDefault(known.IsHyperparameters) as INamedTypeSymbol;

    static IEnumerable<string> TrickNames(IEnumerable<Marked> marked, IEnumerable<PenaltySpec> penalties)
    {
        foreach (var penalty in penalties)
            yield return penalty.Interval == 1
                ? $"{penalty.Call.Method} (gradient penalty on {penalty.Input} inputs)"
                : $"{penalty.Call.Method} (gradient penalty on {penalty.Input} inputs, lazy: every {penalty.Interval} D steps)";
        foreach (var m in marked.Where(m => Roles.IsTrick(m.Role) && m.Role != Roles.GradientPenalty))
            yield return $"{m.Method.Name} ({Roles.Describe(m.Role)})";
    }

    static string PenaltyInputName(int value) => value switch
    {
        0 => "Real",
        1 => "Fake",
        2 => "Interpolated",
        3 => "PerturbedReal",
        _ => "Real",
    };

    static object? Named(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
            if (pair.Key == name) return pair.Value.Value;
        return null;
    }
}
