using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Functional.Generators.Diagnostics;
using Functional.Generators.Model;
using Functional.Generators.Roles;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Functional.Generators.Parsing;

/// <summary>
/// Turns a [GanExperiment] class into an <see cref="ExperimentSpec"/> plus diagnostics: the role
/// methods it finds through <see cref="RoleTable"/>, checked against their rows (count, forms,
/// the roles each needs), then grouped by phase.
/// </summary>
internal static class ExperimentParser
{
    public const string ExperimentAttribute = "Functional.GanExperimentAttribute";

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
        var nameLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellation).GetLocation();

        if (!type.IsStatic || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            return Fail(DiagnosticInfo.Create(Descriptors.NotStaticPartial, syntax.Identifier.GetLocation(), type.Name));
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
            return Fail(DiagnosticInfo.Create(Descriptors.InvalidExperimentName, nameLocation, name, "use one word without spaces, e.g. \"ring8\""));
        foreach (var (length, value) in new[] { ("Steps", Named(attribute, "Steps") is long s ? s : 0), ("BatchSize", Named(attribute, "BatchSize") is int b ? b : 0L), ("EvaluateEvery", Named(attribute, "EvaluateEvery") is int e ? e : 0L) })
            if (value < 0)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.BadTrainingLength, nameLocation, name, length, value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var marked = Marked(type, diagnostics);
        var checker = new SignatureChecker(known, diagnostics);
        var found = Counted(marked, name, syntax, diagnostics);

        // The networks first: a role that takes one (the reconstruction loss its frozen network, an
        // encoder loss the generator, feature matching the discriminator) names its type.
        var none = new NetworkTypes(null, null, null);
        var networkRoles = new[] { Role.FrozenNetwork, Role.Generator, Role.Discriminator };
        var networks = networkRoles.ToDictionary(role => role, role => found[role].Select(m => checker.Check(m, none)).FirstOrDefault());
        var types = new NetworkTypes(networks[Role.FrozenNetwork]?.ReturnType, networks[Role.Generator]?.ReturnType, networks[Role.Discriminator]?.ReturnType);
        var checkedRoles = RoleTable.Rows.ToDictionary(
            row => row.Role,
            row => networks.TryGetValue(row.Role, out var network)
                ? (network is { } n ? new List<Checked> { n } : new List<Checked>())
                : found[row.Role].Select(m => checker.Check(m, types)).Where(x => x is not null).Select(x => x!.Value).ToList());

        Requirements(checkedRoles, name, diagnostics);
        Classes(checkedRoles, name, classes, diagnostics);
        var penalties = Penalties(checkedRoles[Role.GradientPenalty], checker, diagnostics);
        var augmentation = Augmentation(checkedRoles[Role.Augmentation], diagnostics);
        if (checkedRoles[Role.Discriminator].FirstOrDefault() is { Marked: var d })
            NetworkLint.Check(d.Method, type, penalties.Select(p => p.Call.Method).FirstOrDefault(), diagnostics, cancellation);
        var hyperparametersType = HyperparameterRecord(marked, known);
        var hyperparameters = hyperparametersType is null ? null : HyperparameterParser.Spec(hyperparametersType, known, diagnostics);

        if (diagnostics.Any(x => Descriptors.ById(x.Id).DefaultSeverity == DiagnosticSeverity.Error))
            return new ParseResult(null, diagnostics.ToEquatableArray(), null);

        var identity = new ExperimentIdentity(
            type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            type.Name, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), name, description, classes,
            Named(attribute, "Steps") is long steps ? steps : 0, Named(attribute, "BatchSize") is int batch ? batch : 0,
            Named(attribute, "EvaluateEvery") is int every ? every : 0);
        var spec = Build(identity, hyperparameters, checkedRoles, penalties, augmentation, checker, marked);
        return new ParseResult(spec, diagnostics.ToEquatableArray(), new RegistryEntry(identity.FullName, name, LocationInfo.From(nameLocation)));

        ParseResult Fail(DiagnosticInfo diagnostic) => new(null, new[] { diagnostic }.ToEquatableArray(), null);
    }

    /// <summary>The role-attributed methods, in declaration order; an instance method is an FGAN005 and left out.</summary>
    static List<Marked> Marked(INamedTypeSymbol type, List<DiagnosticInfo> diagnostics)
    {
        var marked = new List<Marked>();
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        foreach (var attributeData in method.GetAttributes())
        {
            if (attributeData.AttributeClass is not { } cls || RoleTable.OfAttribute(cls.ToDisplayString()) is not { } row) continue;
            if (!method.IsStatic)
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.RoleNotStatic, method.Locations.FirstOrDefault(), row.Name, method.Name));
                continue;
            }
            marked.Add(new Marked(row, method, attributeData));
        }
        return marked;
    }

    /// <summary>Each role's methods; a required role without one is an FGAN002, a second method of a single role an FGAN004.</summary>
    static Dictionary<Role, List<Marked>> Counted(List<Marked> marked, string name, ClassDeclarationSyntax syntax, List<DiagnosticInfo> diagnostics)
    {
        var byRole = new Dictionary<Role, List<Marked>>();
        foreach (var row in RoleTable.Rows)
        {
            var methods = marked.Where(m => m.Role == row.Role).ToList();
            if (methods.Count > 1 && !row.Repeatable)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.DuplicateRole, methods[1].Method.Locations.FirstOrDefault(),
                    name, row.Name, methods[0].Method.Name, methods[1].Method.Name));
            if (methods.Count == 0 && row.Required)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.MissingRole, syntax.Identifier.GetLocation(), name, row.Name, row.Signature));
            byRole[row.Role] = row.Repeatable ? methods : methods.Take(1).ToList();
        }
        return byRole;
    }

    /// <summary>The role table's cross-role rules: a method whose role (in its form) needs another role that the experiment lacks is an FGAN014.</summary>
    static void Requirements(Dictionary<Role, List<Checked>> roles, string name, List<DiagnosticInfo> diagnostics)
    {
        foreach (var uses in roles.Values)
        foreach (var use in uses)
        foreach (var requirement in use.Marked.Row.Requires)
        {
            if (requirement.WhenForm is { } when && when != use.Form) continue;
            var met = roles[requirement.Needs].Any(other => requirement.NeedsForms.IsEmpty || requirement.NeedsForms.Contains(other.Form));
            if (!met)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.RoleNeedsRole, use.Marked.Method.Locations.FirstOrDefault(),
                    name, use.Marked.Row.Name, use.Marked.Method.Name, requirement.What));
        }
        // The discriminator's second head and the loss that reads it need each other (FGAN010).
        var discriminator = roles[Role.Discriminator].FirstOrDefault();
        var auxiliary = roles[Role.AuxiliaryClassifier].FirstOrDefault();
        var information = roles[Role.MutualInformation].FirstOrDefault();
        var twoHeaded = discriminator.Marked is not null && (NetworkForm)discriminator.Form is NetworkForm.Auxiliary or NetworkForm.ConditionalAuxiliary or NetworkForm.AuxiliaryWithStyle;
        if (twoHeaded && auxiliary.Marked is null && information.Marked is null)
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.AuxiliaryMismatch, discriminator.Marked!.Method.Locations.FirstOrDefault(), name,
                $"discriminator '{discriminator.Marked.Method.Name}' returns (logits, class logits) but no [AuxiliaryClassifier] method uses the class logits"));
        if (auxiliary.Marked is not null && information.Marked is not null)
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.AuxiliaryMismatch, information.Marked.Method.Locations.FirstOrDefault(), name,
                $"[AuxiliaryClassifier] '{auxiliary.Marked.Method.Name}' and [MutualInformation] '{information.Marked.Method.Name}' would both read the discriminator's second head; keep one"));
        if (!twoHeaded && auxiliary.Marked is not null && discriminator.Marked is not null)
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.AuxiliaryMismatch, auxiliary.Marked.Method.Locations.FirstOrDefault(), name,
                $"[AuxiliaryClassifier] '{auxiliary.Marked.Method.Name}' needs a discriminator that returns (Tensor Logits, Tensor ClassLogits)"));
    }

    /// <summary>A conditional network or a class loss needs the experiment's Classes (FGAN009).</summary>
    static void Classes(Dictionary<Role, List<Checked>> roles, string name, int classes, List<DiagnosticInfo> diagnostics)
    {
        if (classes > 0) return;
        foreach (var (role, what) in new[] { (Role.Generator, "generator"), (Role.Discriminator, "discriminator") })
            if (roles[role].FirstOrDefault() is { Marked: { } m } network && (NetworkForm)network.Form is NetworkForm.Conditional or NetworkForm.ConditionalAuxiliary)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.ConditionalMismatch, m.Method.Locations.FirstOrDefault(), name, what, name));
        if (roles[Role.AuxiliaryClassifier].FirstOrDefault() is { Marked: { } aux })
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.ConditionalMismatch, aux.Method.Locations.FirstOrDefault(), name, "auxiliary classifier", name));
    }

    static List<PenaltySpec> Penalties(List<Checked> penalties, SignatureChecker checker, List<DiagnosticInfo> diagnostics)
    {
        var specs = new List<PenaltySpec>();
        foreach (var penalty in penalties)
        {
            var attribute = penalty.Marked.Attribute;
            var input = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int i && i is >= 0 and <= 3
                ? (PenaltyInput)i
                : PenaltyInput.Real;
            var interval = Named(attribute, "Interval") is int k ? k : 1;
            if (interval < 1)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.BadPenaltyInterval, penalty.Marked.Method.Locations.FirstOrDefault(),
                    penalty.Marked.Method.Name, interval.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            specs.Add(new PenaltySpec(checker.Call(penalty.Marked), input, interval));
        }
        return specs;
    }

    /// <summary>
    /// The [Augmentation]'s probability: fixed (default 1), or adaptive when it sets a Target
    /// (starting at 0 unless it says otherwise); each setting out of range is an FGAN020.
    /// </summary>
    static AugmentationSpec? Augmentation(List<Checked> uses, List<DiagnosticInfo> diagnostics)
    {
        if (uses.Count == 0) return null;
        var marked = uses[0].Marked;
        var target = Named(marked.Attribute, "Target") is double t ? t : double.NaN;
        var adaptive = !double.IsNaN(target);
        var probability = Named(marked.Attribute, "Probability") is double p && !double.IsNaN(p) ? p : adaptive ? 0 : 1;
        var interval = Named(marked.Attribute, "Interval") is int i ? i : 4;
        var images = Named(marked.Attribute, "ImagesPerUnit") is long l ? l : 500_000;
        void Bad(string setting, object value, string fix) =>
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.BadAugmentation, marked.Method.Locations.FirstOrDefault(), marked.Method.Name, setting,
                System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "", fix));
        if (!(probability >= 0 && probability <= 1)) Bad("Probability", probability, "use a probability from 0 to 1");
        if (adaptive && !(target > 0 && target < 1))
            Bad("Target", target, "ADA's target for r_t = E[sign(D(real))] must be between 0 and 1 (the paper's 0.6); leave it out for a fixed probability");
        if (interval < 1) Bad("Interval", interval, "use 1 or more discriminator steps between adjustments (ADA's 4)");
        if (images < 1) Bad("ImagesPerUnit", images, "use 1 or more images over which p may move by 1 (ADA's 500000)");
        return new AugmentationSpec(probability, adaptive, target, interval, images);
    }

    /// <summary>The spec, grouped by phase; the input transforms and extra terms of a phase are the roles its rows place there.</summary>
    static ExperimentSpec Build(ExperimentIdentity identity, HyperparametersSpec? hyperparameters, Dictionary<Role, List<Checked>> roles,
        List<PenaltySpec> penalties, AugmentationSpec? augmentation, SignatureChecker checker, List<Marked> marked)
    {
        RoleUse Use(Checked c) => new(c.Marked.Role, checker.Call(c.Marked), c.Form);
        RoleUse? Optional(Role role) => roles[role].Count > 0 ? Use(roles[role][0]) : null;
        RoleUse Required(Role role) => Use(roles[role][0]);
        EquatableArray<RoleUse> Placed(Phase phase, Slot slot) =>
            marked.Where(m => m.Row.Phase == phase && m.Row.Slot == slot || phase == Phase.Generator && m.Row.GeneratorSlot == slot)
                .SelectMany(m => roles[m.Role].Where(c => SymbolEqualityComparer.Default.Equals(c.Marked.Method, m.Method)))
                .Select(Use)
                .ToEquatableArray();
        NetworkSpec Network(Role role) => new(checker.Call(roles[role][0].Marked), roles[role][0].ReturnType, (NetworkForm)roles[role][0].Form);
        OptimizerSpec Optimizer(Role role) => new(checker.Call(roles[role][0].Marked), roles[role][0].ReturnType);

        var frozen = roles[Role.FrozenNetwork].FirstOrDefault();
        var setup = new SetupSpec(Network(Role.Generator), Network(Role.Discriminator), Required(Role.Latent),
            Optimizer(Role.GeneratorOptimizer), Optimizer(Role.DiscriminatorOptimizer),
            frozen.Marked is null ? null : checker.Call(frozen.Marked), frozen.Marked is null ? null : frozen.ReturnType,
            Optional(Role.LatentCode));
        var discriminator = new DiscriminatorPhaseSpec(
            Placed(Phase.Discriminator, Slot.Inputs), Optional(Role.TargetLabels), Required(Role.DiscriminatorLoss),
            Placed(Phase.Discriminator, Slot.ExtraTerms), penalties.ToEquatableArray(),
            Optional(Role.AfterDiscriminatorBackward), Optional(Role.AfterDiscriminatorStep), augmentation);
        var generator = new GeneratorPhaseSpec(
            Placed(Phase.Generator, Slot.Inputs), Required(Role.GeneratorLoss), Placed(Phase.Generator, Slot.ExtraTerms), Optional(Role.ParameterAveraging));
        var data = roles[Role.Data].FirstOrDefault() is { Marked: { } d } ? new DataSpec(checker.Call(d), Named(d.Attribute, "ReadsFiles") is true) : null;
        var metrics = roles[Role.Metrics].FirstOrDefault() is { Marked: { } m } metricsUse
            ? new MetricsSpec(checker.Call(m), Named(m.Attribute, "Samples") is int n ? n : 2500, Named(m.Attribute, "Best") as string ?? "", metricsUse.Form)
            : null;
        var schedule = new SchedulePhaseSpec(Optional(Role.TrainingSchedule), Optional(Role.LearningRateSchedule));
        return new ExperimentSpec(identity, hyperparameters, setup, schedule, discriminator, generator, data, metrics,
            Optional(Role.Variants), Tricks(marked, penalties).ToEquatableArray());
    }

    /// <summary>The trick list: the penalties first, then the other tricks in declaration order.</summary>
    static IEnumerable<TrickSpec> Tricks(List<Marked> marked, List<PenaltySpec> penalties) =>
        penalties.Select(p => new TrickSpec(Role.GradientPenalty, p.Call.Method, p.Input, p.Interval))
            .Concat(marked.Where(m => m.Row.IsTrick && m.Role != Role.GradientPenalty).Select(m => new TrickSpec(m.Role, m.Method.Name, PenaltyInput.Real, 1)));

    static INamedTypeSymbol? HyperparameterRecord(IEnumerable<Marked> marked, KnownTypes known) =>
        marked.SelectMany(m => m.Method.Parameters)
            .Select(p => p.Type)
            .FirstOrDefault(known.IsHyperparameters) as INamedTypeSymbol;

    static object? Named(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
            if (pair.Key == name) return pair.Value.Value;
        return null;
    }
}
