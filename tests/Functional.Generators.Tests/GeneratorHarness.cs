using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Functional.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Functional.Generators.Tests;

/// <summary>Compiles experiment source in memory against the real Pipeline and TorchSharp, with the generator.</summary>
internal static class GeneratorHarness
{
    static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // Make sure the assemblies the samples use are loaded before listing them.
        _ = typeof(TorchSharp.torch).Assembly;
        _ = typeof(Functional.Training.GanSession).Assembly;
        _ = typeof(LanguageExt.Prelude).Assembly;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location))
            .Select(a => (MetadataReference)MetadataReference.CreateFromFile(a.Location))
            .ToImmutableArray();
    });

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "Samples",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Preview), path: $"Sample{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new GanExperimentGenerator().AsSourceGenerator() },
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps),
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview));

    public sealed record Run(Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> CompileDiagnostics, GeneratorDriverRunResult Result)
    {
        public string Source(string hintSuffix) =>
            Result.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(hintSuffix, StringComparison.Ordinal)).SourceText.ToString();

        public IEnumerable<Diagnostic> Errors => CompileDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
    }

    public static Run Generate(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new Run(output, diagnostics, output.GetDiagnostics(), driver.GetRunResult());
    }

    /// <summary>Path of a snapshot file beside this source file (tests run from bin/, snapshots live in the repo).</summary>
    /// <summary>A file of the repository, found from this source file's place in it.</summary>
    public static string RepositoryPath(string folder, string file, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "..", folder, file);

    public static string SnapshotPath(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Snapshots", name);
}
