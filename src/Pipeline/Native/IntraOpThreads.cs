using System.Globalization;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp;

namespace Functional.Native;

/// <summary>How many threads libtorch splits one operation across, and why.</summary>
public readonly record struct ThreadChoice(int Threads, string Reason)
{
    public override string ToString() => $"{Threads} intra-op thread{(Threads == 1 ? "" : "s")} ({Reason})";
}

/// <summary>
/// Chooses libtorch's intra-op thread count for the work at hand instead of leaving it to
/// OpenMP's default (one per core). A layer call is split across threads only when it is large
/// enough to pay for the split even with passive waiting (<see cref="OpenMpWaitPolicy"/>): on a
/// 2-vCPU machine the 2-D MLP's 17 M multiply-add layers ran 0.6× as fast on two threads as on one,
/// a 32-px DCGAN's 250–500 M ones 1.5× as fast, and beside a competing process neither gained
/// (docs/benchmarks.md, "Threads"). <c>--threads N</c> or <see cref="Variable"/> overrides it.
/// </summary>
public static class IntraOpThreads
{
    public const string Variable = "FUNCTIONAL_THREADS";

    /// <summary>What Slurm sets in a task given --cpus-per-task: the cores it may use, whatever the node has.</summary>
    public const string SlurmCpusVariable = "SLURM_CPUS_PER_TASK";

    /// <summary>The cores this process may use: its Slurm task's when it runs in one, else the machine's (or its affinity mask's).</summary>
    public static int AvailableCores() =>
        int.TryParse(Environment.GetEnvironmentVariable(SlurmCpusVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var slurm) && slurm >= 1
            ? Math.Min(slurm, Environment.ProcessorCount)
            : Environment.ProcessorCount;

    /// <summary>Typical multiply-adds per layer call from which an operation is split across every core.</summary>
    public const double SplitFrom = 100e6;

    /// <summary>The thread count asked for (by option or <see cref="Variable"/>), or else the one the work calls for.</summary>
    public static Fin<ThreadChoice> Choose(int? requested, Func<LayerWork> work, int? cores = null)
    {
        var available = cores ?? AvailableCores();
        if (requested is { } n)
            return n >= 1 ? new ThreadChoice(n, "--threads") : Error.New($"--threads {n} is out of range: use 1 or more");
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } text)
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 1
                ? new ThreadChoice(v, Variable)
                : Error.New($"{Variable}='{text}' is not a thread count: use a whole number, 1 or more");
        return ForWork(work(), available);
    }

    /// <summary>One thread for small layers, every core for large ones.</summary>
    public static ThreadChoice ForWork(LayerWork work, int cores)
    {
        if (cores <= 1) return new ThreadChoice(1, "one core");
        if (work.Calls == 0) return new ThreadChoice(cores, "the work could not be measured, so one per core");
        var typical = (work.Typical / 1e6).ToString("0.#", CultureInfo.InvariantCulture);
        return work.Typical >= SplitFrom
            ? new ThreadChoice(cores, $"one per core: a typical layer call is {typical} M multiply-adds, worth splitting")
            : new ThreadChoice(1, $"a typical layer call is {typical} M multiply-adds, too small to split across threads");
    }

    public static void Apply(ThreadChoice choice) => torch.set_num_threads(choice.Threads);
}
