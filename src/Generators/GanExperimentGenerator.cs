using System.Linq;
using Functional.Generators.Emitting;
using Functional.Generators.Model;
using Functional.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Functional.Generators;

/// <summary>
/// Wires [GanExperiment] classes into compiled training sessions: parse each class into a spec
/// (cached by value), emit one file per experiment, and one registry for the assembly.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GanExperimentGenerator : IIncrementalGenerator
{
    public static class TrackingNames
    {
        public const string Parse = nameof(Parse);
        public const string Specs = nameof(Specs);
        public const string Registry = nameof(Registry);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ExperimentParser.ExperimentAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (ctx, ct) => ExperimentParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Parse);

        context.RegisterSourceOutput(parsed, static (spc, result) =>
        {
            foreach (var diagnostic in result.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Spec is { } spec)
                spc.AddSource(HintName(spec), ExperimentEmitter.Emit(spec));
        });

        var registry = parsed
            .Select(static (result, _) => result.Spec is { } spec ? new RegistryEntry(spec.FullName, spec.ExperimentName) : default)
            .WithTrackingName(TrackingNames.Specs)
            .Collect()
            .Select(static (entries, _) => entries
                .Where(e => e.FullName is not null)
                .OrderBy(e => e.Name, System.StringComparer.Ordinal)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.Registry);

        context.RegisterSourceOutput(registry, static (spc, entries) =>
            spc.AddSource("Functional.ExperimentRegistry.g.cs", RegistryEmitter.Emit(entries)));
    }

    static string HintName(ExperimentSpec spec) =>
        (spec.Namespace.Length > 0 ? spec.Namespace + "." : "") + spec.ClassName + ".Experiment.g.cs";
}
