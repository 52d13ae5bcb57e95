using Functional.Data;
using Functional.Examples.Mixtures;
using Functional.Training;

namespace Functional.Bench.Mixtures;

/// <summary>
/// One row of the benchmark: an experiment, how long it trains, and how to build its session with
/// some of its hyperparameters replaced (for tuning and ablations; plain experiments have none).
/// </summary>
public sealed record Benchmark(
    ExperimentDefinition Experiment,
    long Steps,
    Func<IReadOnlyList<string>, (Func<SessionOptions, GanSession> Create, string Settings)> WithSettings,
    IReadOnlyList<Ablation> Ablations)
{
    public Func<DataOptions, IBatchSource> Data => Experiment.CreateData!;
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
        Plain(Ring8.Definition, RingSteps),
        new(Ring8Tricks.Definition, RingSteps, overrides =>
        {
            var settings = SettingsOverrides.Apply(new Ring8Tricks.Settings(), overrides);
            return (options => new Ring8Tricks.Session(options, settings), settings.ToString());
        }, StackAblations(new Ring8Tricks.Settings().GeneratorLearningRate)),
        Plain(Grid25.Definition, GridSteps),
        new(Grid25Tricks.Definition, GridSteps, overrides =>
        {
            var settings = SettingsOverrides.Apply(new Grid25Tricks.Settings(), overrides);
            return (options => new Grid25Tricks.Session(options, settings), settings.ToString());
        }, StackAblations(new Grid25Tricks.Settings().GeneratorLearningRate)),
    ];

    static Benchmark Plain(ExperimentDefinition experiment, long steps) =>
        new(experiment, steps, overrides => overrides.Count == 0
            ? (experiment.CreateSession, "(no hyperparameters)")
            : throw new ArgumentException($"experiment {experiment.Name} has no hyperparameters to set"), []);

    public static Benchmark Named(string name) =>
        All.FirstOrDefault(b => b.Experiment.Name == name)
        ?? throw new ArgumentException($"unknown benchmark '{name}'; known: {string.Join(", ", All.Select(b => b.Experiment.Name))}");
}
