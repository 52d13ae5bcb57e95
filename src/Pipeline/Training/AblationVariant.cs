namespace Functional.Training;

/// <summary>
/// One row of an ablation: a name for the table and the experiment it trains, typically the base
/// experiment with one trick switched off (its definition with another session factory, or a
/// sibling [GanExperiment] class) or one point of a hyperparameter grid.
/// </summary>
public sealed record AblationVariant(string Name, ExperimentDefinition Definition);

/// <summary>
/// Which share of an ablation's (variant, seed) pairs one process runs: pair i (counted seed by
/// seed, variants in order) when i mod <see cref="Count"/> = <see cref="Index"/>. Processes given
/// shards 0 … Count−1 of one ablation may share its folder and run at once.
/// </summary>
public readonly record struct AblationShard(int Index, int Count)
{
    public static AblationShard All { get; } = new(0, 1);

    public bool Includes(int pair) => Count <= 1 || pair % Count == Index;

    public string? Problem() =>
        Count < 1 ? $"shard count must be at least 1 (got {Count})"
        : Index < 0 || Index >= Count ? $"shard index must be between 0 and {Count - 1} (got {Index})"
        : null;
}
