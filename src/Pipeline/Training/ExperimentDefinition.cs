using Functional.Data;

namespace Functional.Training;

/// <summary>
/// What the source generator knows about one experiment: its name, its tricks, and how to make
/// its session and its default data. The generated registry lists one per [GanExperiment] class.
/// </summary>
public sealed record ExperimentDefinition(
    string Name,
    string Description,
    IReadOnlyList<string> Tricks,
    Func<SessionOptions, GanSession> CreateSession,
    Func<DataOptions, IBatchSource>? CreateData,
    int MetricSamples);
