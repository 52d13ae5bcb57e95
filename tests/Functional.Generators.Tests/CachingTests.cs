using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Functional.Generators.Tests;

/// <summary>The pipeline is incremental: an unrelated edit leaves every tracked step cached.</summary>
public sealed class CachingTests
{
    static readonly string[] Tracked =
    {
        GanExperimentGenerator.TrackingNames.Parse,
        GanExperimentGenerator.TrackingNames.Specs,
        GanExperimentGenerator.TrackingNames.Registry,
    };

    [Fact]
    public void Second_run_after_an_unrelated_edit_is_fully_cached()
    {
        var compilation = GeneratorHarness.Compile(Samples.Full, Samples.Minimal());
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        AssertNoCompilerObjects(first);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other { internal static class Unrelated { } }",
            new CSharpParseOptions(LanguageVersion.Preview)));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var name in Tracked)
        {
            Assert.True(second.TrackedSteps.ContainsKey(name), $"step {name} is not tracked");
            foreach (var step in second.TrackedSteps[name])
            foreach (var (_, reason) in step.Outputs)
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {name} re-ran: {reason}");
        }
    }

    [Fact]
    public void Editing_one_experiment_leaves_the_other_cached()
    {
        var compilation = GeneratorHarness.Compile(Samples.Full, Samples.Minimal());
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
        var old = compilation.SyntaxTrees.ElementAt(1);
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(
            Samples.Minimal().Replace("GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters);", "GOpt(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 0.01);"),
            new CSharpParseOptions(LanguageVersion.Preview), path: old.FilePath));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var reasons = second.TrackedSteps[GanExperimentGenerator.TrackingNames.Parse]
            .SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        // The edited experiment re-parses to an equal spec (the body is not part of it); the other is not re-parsed.
        Assert.Equal(2, reasons.Count);
        Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"re-ran: {r}"));
        var outputs = second.TrackedSteps[GanExperimentGenerator.TrackingNames.Registry].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.All(outputs, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"registry re-ran: {r}"));
    }

    /// <summary>No ISymbol, SyntaxNode or Compilation may be held by a step's output: it would defeat caching.</summary>
    static void AssertNoCompilerObjects(GeneratorRunResult result)
    {
        foreach (var name in Tracked)
        foreach (var step in result.TrackedSteps[name])
        foreach (var (value, _) in step.Outputs)
            Visit(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
    }

    static void Visit(object? value, string step, HashSet<object> seen, int depth)
    {
        if (value is null || depth > 12 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree,
            $"step {step} holds a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable items)
        {
            foreach (var item in items) Visit(item, step, seen, depth + 1);
            return;
        }
        if (value.GetType().Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true) return;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.GetIndexParameters().Length == 0)
                Visit(property.GetValue(value), step, seen, depth + 1);
    }
}
