using System.Security.Cryptography;
using Functional.Data;
using Functional.Training;
using LanguageExt;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Functional.Distributed;

/// <summary>
/// The state the ranks of a data-parallel run hold alike. Every rank starts from rank 0's (its
/// weights, averaged generator, optimizer moments, step counters, random streams and data
/// position: a checkpoint taken in memory and broadcast, as Horovod broadcasts parameters and
/// optimizer state from rank 0), and every rank applies the same averaged update after that, so
/// the weights stay bit for bit the same on every rank; <see cref="Disagreeing"/> checks it.
/// </summary>
public static class RankState
{
    /// <summary>Rank 0's session and data state on every rank (rank 0 sends, the others restore it).</summary>
    public static Fin<Unit> Share(IRankGroup ranks, GanSession session, IBatchSource data, string experiment, string configuration)
    {
        if (ranks.Size == 1) return unit;
        var snapshot = ranks.Broadcast(ranks.Rank == 0 ? Checkpoint.Snapshot(session, data, experiment, configuration) : null, "rank 0's state");
        return ranks.Rank == 0 ? unit : Checkpoint.Restore(session, data, experiment, snapshot, "rank 0's state").Map(_ => unit);
    }

    /// <summary>
    /// The networks whose weights differ between ranks, none when every rank holds the same: each
    /// rank hashes each network's parameters (SHA-256), and the first 8 bytes of the hashes are
    /// compared by an all-reduce of their minimum and maximum. Buffers are left out: BatchNorm's
    /// running statistics are each rank's own, from its shards (rank 0's are the ones saved).
    /// </summary>
    public static IReadOnlyList<string> Disagreeing(IRankGroup ranks, GanSession session)
    {
        var names = session.Networks.Select(n => n.Name).ToArray();
        var hashes = session.Networks.Select(n => Hash(n.Module)).ToArray();
        if (ranks.Size == 1) return [];
        using var lowest = tensor(hashes, dtype: ScalarType.Int64);
        using var highest = tensor(hashes, dtype: ScalarType.Int64);
        ranks.AllReduce(lowest, Reduction.Min, "the comparison of the ranks' weights");
        ranks.AllReduce(highest, Reduction.Max, "the comparison of the ranks' weights");
        var low = lowest.data<long>().ToArray();
        var high = highest.data<long>().ToArray();
        return names.Where((_, i) => low[i] != high[i]).ToArray();
    }

    static long Hash(nn.Module module)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var scope = NewDisposeScope();
        foreach (var tensor in module.parameters())
        {
            using var cpu = tensor.detach().cpu().contiguous();
            hash.AppendData(cpu.bytes);
        }
        return BitConverter.ToInt64(hash.GetHashAndReset(), 0);
    }
}
