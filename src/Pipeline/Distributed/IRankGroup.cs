using static TorchSharp.torch;

namespace Functional.Distributed;

/// <summary>How the values of the ranks are combined.</summary>
public enum Reduction { Sum, Max, Min }

/// <summary>
/// The processes of one data-parallel run (launched by mpirun or srun): which one this is, how
/// many there are, and the collectives training needs: an all-reduce over a flat CPU buffer and a
/// broadcast of rank 0's bytes. Every collective is called by every rank in the same order, and
/// none waits longer than <see cref="Timeout"/> for the others.
/// </summary>
public interface IRankGroup : IDisposable
{
    int Rank { get; }

    int Size { get; }

    /// <summary>How many ranks of this run share this host (they share its cores).</summary>
    int LocalSize { get; }

    /// <summary>The transport, for logs ("Open MPI v4.1.4").</summary>
    string Transport { get; }

    /// <summary>How long a rank waits for the others at a collective before it gives up.</summary>
    TimeSpan Timeout { get; }

    /// <summary>
    /// Combines a contiguous CPU tensor (float32, float64 or int64) element by element over the
    /// ranks, in place; <paramref name="what"/> names it in a timeout's message.
    /// </summary>
    void AllReduce(Tensor buffer, Reduction reduction, string what);

    /// <summary>Rank 0's bytes on every rank: rank 0 passes them, the others pass null.</summary>
    byte[] Broadcast(byte[]? bytes, string what);

    /// <summary>Ends every rank of the run with <paramref name="exitCode"/>; this rank has already said why.</summary>
    void Abort(int exitCode);
}
