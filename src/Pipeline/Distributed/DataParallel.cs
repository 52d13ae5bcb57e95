using System.Diagnostics;
using Functional.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Distributed;

/// <summary>What the all-reduces of a session cost so far: how many, how long in all (waiting for the slowest rank included), and floats each.</summary>
public readonly record struct AllReduceCost(long Calls, TimeSpan Time, long DiscriminatorFloats, long GeneratorFloats)
{
    public double BytesPerStep(bool generatorStepsToo) => 4.0 * (DiscriminatorFloats + (generatorStepsToo ? GeneratorFloats : 0));
}

/// <summary>
/// A session's place in a data-parallel run: which shard of every batch it trains on, and the
/// hook the generated step calls between each backward pass and the update that follows it
/// (<see cref="AverageDiscriminator"/>, <see cref="AverageGenerator"/>), which averages the
/// gradients of the network being trained over the ranks. A session starts alone, where the hook
/// returns the loss as it is and the shard is the whole batch; <see cref="Functional.Training.GanSession.JoinRanks"/>
/// puts it among the ranks of a run.
/// </summary>
public sealed class DataParallel : IDisposable
{
    readonly IRankGroup? ranks;
    GradientAverage? discriminator, generator;
    readonly CancellationTokenSource agreedStop = new();
    volatile bool stopAsked;
    long calls;
    long ticks;

    /// <summary>A session alone: no ranks, the whole batch.</summary>
    public DataParallel()
    {
    }

    public DataParallel(IRankGroup ranks)
    {
        this.ranks = ranks;
        Shard = new BatchShard(ranks.Rank, ranks.Size);
    }

    /// <summary>The ranks, or null alone.</summary>
    public IRankGroup? Ranks => ranks;

    public bool IsAlone => ranks is null || ranks.Size == 1;

    /// <summary>The rows of every batch this session trains on.</summary>
    public BatchShard Shard { get; } = BatchShard.Whole;

    /// <summary>
    /// Cancelled on every rank after the same step when any rank asked to stop
    /// (<see cref="RequestStop"/>): the ranks agree in the next all-reduce, so they stop together.
    /// </summary>
    public CancellationToken AgreedStop => agreedStop.Token;

    /// <summary>This rank wants to stop (Ctrl+C, SIGTERM from a scheduler); alone, the stop is at once.</summary>
    public void RequestStop()
    {
        stopAsked = true;
        if (IsAlone) agreedStop.Cancel();
    }

    /// <summary>The discriminator's gradients and loss averaged over the ranks; <paramref name="step"/> names the step in a timeout's message.</summary>
    public Tensor AverageDiscriminator(long step, Parameter[] parameters, Tensor loss) =>
        IsAlone ? loss : Average(ref discriminator, parameters, loss, step, "the discriminator");

    /// <summary>The generator's gradients and loss averaged over the ranks.</summary>
    public Tensor AverageGenerator(long step, Parameter[] parameters, Tensor loss) =>
        IsAlone ? loss : Average(ref generator, parameters, loss, step, "the generator");

    Tensor Average(ref GradientAverage? average, Parameter[] parameters, Tensor loss, long step, string network)
    {
        var started = Stopwatch.GetTimestamp();
        average ??= new GradientAverage(parameters);
        var (mean, stop) = average.Run(ranks!, loss, stopAsked, $"the all-reduce of {network}'s gradients in step {step + 1}");
        if (stop && !agreedStop.IsCancellationRequested) agreedStop.Cancel();
        calls++;
        ticks += Stopwatch.GetTimestamp() - started;
        return mean;
    }

    /// <summary>The all-reduces so far.</summary>
    public AllReduceCost Cost => new(calls, Stopwatch.GetElapsedTime(0, ticks), discriminator?.Length ?? 0, generator?.Length ?? 0);

    public void Dispose()
    {
        discriminator?.Dispose();
        generator?.Dispose();
        agreedStop.Dispose();
    }
}
