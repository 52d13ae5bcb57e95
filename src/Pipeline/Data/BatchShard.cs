using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Data;

/// <summary>
/// Which rows of every batch one rank of a data-parallel run trains on: shard <see cref="Index"/>
/// of <see cref="Count"/> equal, consecutive shards. Whatever a step draws per sample (the data,
/// the latents, the interpolation points of a penalty) is drawn for the whole batch, from a stream
/// every rank holds alike, and each rank keeps its own rows (<see cref="Take"/>): N ranks with
/// B/N rows each train on exactly the samples one process with B rows would, and the streams stay
/// the same on every rank, so rank 0's checkpoint holds the whole run's random state.
/// </summary>
public readonly record struct BatchShard(int Index, int Count)
{
    /// <summary>The whole batch: one process, no sharding.</summary>
    public static BatchShard Whole { get; } = new(0, 1);

    public bool IsWhole => Count <= 1;

    /// <summary>Rows of the whole batch whose shard has <paramref name="rows"/> rows.</summary>
    [Pure]
    public long WholeRows(long rows) => rows * Math.Max(Count, 1);

    /// <summary>Rows of the whole batch that <paramref name="batch"/> (a shard) belongs to.</summary>
    [Pure]
    public long WholeRows(in Batch batch) => WholeRows(batch.Size);

    /// <summary>This shard's rows of a whole-batch tensor (a view); the tensor itself when there is one shard.</summary>
    [Pure]
    public Tensor Take(Tensor whole)
    {
        if (IsWhole) return whole;
        var rows = whole.size(0) / Count;
        return whole.narrow(0, Index * rows, rows);
    }

    /// <summary>What is wrong with this shard of a batch of <paramref name="batchSize"/> rows, or null.</summary>
    [Pure]
    public string? Problem(long batchSize) =>
        Count < 1 ? $"a batch is split into at least 1 shard (got {Count})"
        : Index < 0 || Index >= Count ? $"shard {Index} does not exist among {Count}"
        : batchSize % Count != 0 ? $"a batch of {batchSize} does not split into {Count} equal shards: use a multiple of {Count}"
        : null;
}
