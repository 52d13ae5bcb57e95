using System.Linq;
using Functional.Generators.Diagnostics;
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
            .Select(static (result, _) => result.Entry)
            .WithTrackingName(TrackingNames.Specs)
            .Collect()
            .Select(static (entries, _) => entries
                .Where(e => e is not null)
                .Select(e => e!.Value)
                .OrderBy(e => e.Name, System.StringComparer.Ordinal)
                .ThenBy(e => e.FullName, System.StringComparer.Ordinal)
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.Registry);

        // Names are unique across the assembly: `train NAME` must mean one experiment.
        context.RegisterSourceOutput(registry, static (spc, entries) =>
        {
            foreach (var clash in entries.GroupBy(e => e.Name).Where(g => g.Count() > 1))
            {
                var classes = string.Join(" and ", clash.Select(e => e.FullName.Replace("global::", "")));
                foreach (var entry in clash)
                {
                    var diagnostic = DiagnosticInfo.Create(Descriptors.InvalidExperimentName, null, entry.Name,
                        $"classes {classes} both use it; experiment names must be unique in an assembly");
                    spc.ReportDiagnostic((diagnostic with { Location = entry.Location }).ToDiagnostic());
                }
            }
            spc.AddSource("Functional.ExperimentRegistry.g.cs", RegistryEmitter.Emit(entries.GroupBy(e => e.Name).Select(g => g.First()).ToEquatableArray()));
        });
    }

    static string HintName(ExperimentSpec spec) =>
        (spec.Identity.Namespace.Length > 0 ? spec.Identity.Namespace + "." : "") + spec.Identity.ClassName + ".Experiment.g.cs";
}
