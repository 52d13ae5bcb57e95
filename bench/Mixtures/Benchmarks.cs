using Functional.Data;
using Functional.Examples.Mixtures;
using Functional.Training;

namespace Functional.Bench.Mixtures;

/// <summary>
/// One row of the benchmark: an experiment, how long it trains, and its ablations. Hyperparameters
/// are replaced by name (<c>R1Gamma=0</c> or <c>r1_gamma=0</c>) through the experiment's generated
/// schema, as `train --set` does; plain experiments have none.
/// </summary>
public sealed record Benchmark(ExperimentDefinition Experiment, long Steps, IReadOnlyList<Ablation> Ablations)
{
    public Func<DataOptions, IBatchSource> Data => Experiment.CreateData!;

    public (Func<SessionOptions, GanSession> Create, string Settings) WithSettings(IReadOnlyList<string> overrides) =>
        HyperparameterSettings.Parse(overrides, "--set")
            .Bind(settings => Experiment.Configure(settings.ToArray()))
            .Match(
                configured => (configured.CreateSession, configured.Hyperparameters is { } h
                    ? string.Join(", ", h.Current().Select(c => $"{c.Parameter.Name}={c.Value}"))
                    : "(no hyperparameters)"),
                errors => throw new ArgumentException(string.Join("; ", errors.Select(e => e.Message))));
}

/// <summary>A variant of a trick stack with one trick turned off, as settings overrides.</summary>
public sealed record Ablation(string Name, IReadOnlyList<string> Overrides);

public static class Benchmarks
{
    public const int BatchSize = 256;
    public const long RingSteps = 3000;
    public const long GridSteps = 6000;

    // Each trick turned off by its neutral setting: EMA decay 0 samples the live generator, R1 gamma 0
    // adds a zero penalty, equal rates undo TTUR, no warm-up starts the generator at once.
    static Ablation[] StackAblations(double generatorLearningRate) =>
    [
        new("without EMA", ["EmaDecay=0"]),
        new("without R1", ["R1Gamma=0"]),
        new("without TTUR (D lr = G lr)", [$"DiscriminatorLearningRate={generatorLearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}"]),
        new("without warm-up", ["WarmupSteps=0"]),
    ];

    public static IReadOnlyList<Benchmark> All { get; } =
    [
        new(Ring8.Definition, RingSteps, []),
        new(Ring8Tricks.Definition, RingSteps, StackAblations(new Ring8Tricks.Settings().GeneratorLearningRate)),
        new(Grid25.Definition, GridSteps, []),
        new(Grid25Tricks.Definition, GridSteps, StackAblations(new Grid25Tricks.Settings().GeneratorLearningRate)),
    ];

    /// <summary>ring8-tricks with R1 every step, every 4th (the stack) and every 16th: `lazy` runs them side by side.</summary>
    public static IReadOnlyList<Benchmark> R1Intervals { get; } =
    [
        new(Ring8TricksR1Every.Definition, RingSteps, []),
        new(Ring8Tricks.Definition, RingSteps, []),
        new(Ring8TricksR1Lazy16.Definition, RingSteps, []),
    ];

    public static Benchmark Named(string name) =>
        All.FirstOrDefault(b => b.Experiment.Name == name)
        ?? throw new ArgumentException($"unknown benchmark '{name}'; known: {string.Join(", ", All.Select(b => b.Experiment.Name))}");
}
