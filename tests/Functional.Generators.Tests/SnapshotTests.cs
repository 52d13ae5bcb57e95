using Xunit;

namespace Functional.Generators.Tests;

/// <summary>
/// The generated text is part of the product: it is compared with a reviewed copy in Snapshots/.
/// To accept a deliberate change, run with FUNCTIONAL_UPDATE_SNAPSHOTS=1 and review the diff.
/// </summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData("full", "Samples.Full.Experiment.g.cs", "Full.verified.cs")]
    [InlineData("minimal", "Samples.Minimal.Experiment.g.cs", "Minimal.verified.cs")]
    [InlineData("penalized", "Samples.Penalized.Experiment.g.cs", "Penalized.verified.cs")]
    [InlineData("anticollapse", "Samples.Anticollapse.Experiment.g.cs", "Anticollapse.verified.cs")]
    [InlineData("augmented", "Samples.Augmented.Experiment.g.cs", "Augmented.verified.cs")]
    [InlineData("paired", "Samples.Paired.Experiment.g.cs", "Paired.verified.cs")]
    public void Generated_session_matches_snapshot(string sample, string hint, string snapshot)
    {
        var run = GeneratorHarness.Generate(sample switch
        {
            "full" => Samples.Full,
            "penalized" => Samples.Penalized(),
            "anticollapse" => Samples.Anticollapse,
            "augmented" => Samples.Augmented(),
            "paired" => Samples.Paired,
            _ => Samples.Minimal(),
        });
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Errors);
        Verify(run.Source(hint), snapshot);
    }

    [Fact]
    public void Registry_lists_every_experiment_by_name()
    {
        var run = GeneratorHarness.Generate(Samples.Minimal(name: "zeta", className: "Zeta"), Samples.Minimal(name: "alpha", className: "Alpha"));
        Assert.Empty(run.Errors);
        Verify(run.Source("Functional.ExperimentRegistry.g.cs"), "Registry.verified.cs");
    }

    static void Verify(string actual, string snapshot)
    {
        var path = GeneratorHarness.SnapshotPath(snapshot);
        if (Environment.GetEnvironmentVariable("FUNCTIONAL_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"No snapshot {path}; run with FUNCTIONAL_UPDATE_SNAPSHOTS=1 to create it, then review it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }
}
