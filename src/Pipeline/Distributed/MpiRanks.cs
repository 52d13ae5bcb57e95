using System.Diagnostics;
using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Distributed;

/// <summary>
/// The ranks of a run launched by <c>mpirun -np N</c> (or <c>srun</c> in a Slurm allocation), over
/// Open MPI's world communicator. Collectives are started non-blocking and polled, so that a rank
/// whose peers died or hang stops after <see cref="Timeout"/> with a message instead of waiting for
/// ever: polled back to back for 20 ms (each poll drives MPI's progress, and yields the core when
/// nothing moved: <see cref="OpenMpi.YieldVariable"/>), then once a millisecond, so that a rank
/// waiting for a slow peer (rank 0 evaluating, say) does not take that peer's core.
/// </summary>
public sealed class MpiRanks : IRankGroup
{
    static readonly object Gate = new();
    static MpiRanks? joined;

    readonly OpenMpi mpi;
    bool finished;

    MpiRanks(OpenMpi mpi, TimeSpan timeout)
    {
        this.mpi = mpi;
        Timeout = timeout;
        Rank = mpi.Rank();
        Size = mpi.Size();
        LocalSize = LocalRanks() ?? 1;
        Transport = mpi.Version();
    }

    public int Rank { get; }
    public int Size { get; }
    public int LocalSize { get; }
    public string Transport { get; }
    public TimeSpan Timeout { get; }

    /// <summary>
    /// This process's place among the ranks the launcher started (MPI_Init, once per process);
    /// alone (size 1) when started without a launcher. The error says what to install.
    /// </summary>
    public static Fin<IRankGroup> Join(TimeSpan timeout)
    {
        lock (Gate)
        {
            if (joined is { finished: false } existing) return existing;
            return OpenMpi.Load().Bind(mpi =>
            {
                if (mpi.Finalized) return Error.New("MPI was already finalized in this process; a data-parallel run needs a fresh process");
                if (!mpi.Initialized && mpi.Init() is var code && code != OpenMpi.Success)
                    return Error.New($"MPI_Init failed: {mpi.Describe(code)}");
                try
                {
                    joined = new MpiRanks(mpi, timeout);
                    return Prelude.FinSucc<IRankGroup>(joined);
                }
                catch (RanksFailedException e) { return Error.New(e.Message); }
            });
        }
    }

    /// <summary>
    /// How many ranks a launcher says it started on this host: Open MPI's mpirun sets
    /// OMPI_COMM_WORLD_LOCAL_SIZE, srun SLURM_STEP_TASKS_PER_NODE ("2" or "2(x3)").
    /// </summary>
    static int? LocalRanks()
    {
        foreach (var name in new[] { "OMPI_COMM_WORLD_LOCAL_SIZE", "SLURM_STEP_TASKS_PER_NODE", "SLURM_NTASKS_PER_NODE" })
        {
            var text = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(text)) continue;
            var digits = new string(text.TakeWhile(char.IsAsciiDigit).ToArray());
            if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1) return n;
        }
        return null;
    }

    public unsafe void AllReduce(Tensor buffer, Reduction reduction, string what)
    {
        if (buffer.device_type != DeviceType.CPU || !buffer.is_contiguous())
            throw new ArgumentException("an all-reduce buffer is a contiguous CPU tensor", nameof(buffer));
        var type = buffer.dtype switch
        {
            ScalarType.Float32 => mpi.Float,
            ScalarType.Float64 => mpi.Double,
            ScalarType.Int64 => mpi.Long,
            _ => throw new ArgumentException($"an all-reduce buffer holds float32, float64 or int64, not {buffer.dtype}", nameof(buffer)),
        };
        var op = reduction switch { Reduction.Sum => mpi.Sum, Reduction.Max => mpi.Max, _ => mpi.Min };
        if (Size == 1) return;
        var count = checked((int)buffer.numel());
        var request = mpi.StartAllReduce((void*)DataPointer(buffer), count, type, op);
        Wait(ref request, what);
    }

    /// <summary>Where a contiguous CPU tensor's first element lives.</summary>
    static IntPtr DataPointer(Tensor tensor)
    {
        // The typed storage wrapper holds an alias of the tensor; the scope releases it.
        using var scope = NewDisposeScope();
        Storage storage = tensor.dtype switch
        {
            ScalarType.Float32 => tensor.storage<float>(),
            ScalarType.Float64 => tensor.storage<double>(),
            _ => tensor.storage<long>(),
        };
        return storage.data_ptr() + (nint)(tensor.storage_offset() * tensor.element_size());
    }

    public unsafe byte[] Broadcast(byte[]? bytes, string what)
    {
        if (Rank == 0 && bytes is null) throw new ArgumentNullException(nameof(bytes), "rank 0 broadcasts bytes");
        if (Size == 1) return bytes!;
        long length = bytes?.LongLength ?? 0;
        var lengthRequest = mpi.StartBroadcast(&length, 1, mpi.Long, 0);
        Wait(ref lengthRequest, what + " (its length)");
        var payload = Rank == 0 ? bytes! : new byte[checked((int)length)];
        // MPI counts are ints: a large state goes in chunks.
        const int chunk = 1 << 30;
        fixed (byte* start = payload)
        {
            for (long offset = 0; offset < length; offset += chunk)
            {
                var request = mpi.StartBroadcast(start + offset, (int)Math.Min(chunk, length - offset), mpi.Byte, 0);
                Wait(ref request, what);
            }
        }
        return payload;
    }

    void Wait(ref IntPtr request, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!mpi.Test(ref request))
        {
            if (clock.Elapsed > Timeout)
                throw new RanksFailedException(
                    $"rank {Rank} of {Size} waited {Timeout.TotalSeconds:0} s for the other ranks at {what}: a rank died, hangs or is far behind (--rank-timeout sets the wait)");
            if (clock.ElapsedMilliseconds >= 20) Thread.Sleep(1);
        }
    }

    public void Abort(int exitCode)
    {
        lock (Gate)
        {
            finished = true;
            Console.Out.Flush();
            Console.Error.Flush();
            mpi.Abort(exitCode);
        }
    }

    /// <summary>MPI_Finalize: every rank calls it at the end of a run that went its way.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (finished) return;
            finished = true;
            if (mpi.Initialized && !mpi.Finalized) mpi.Finalize();
        }
    }
}
