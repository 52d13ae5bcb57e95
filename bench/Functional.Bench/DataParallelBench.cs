using System.Diagnostics;
using System.Globalization;
using Functional.Data;
using Functional.Distributed;
using Functional.Training;
using static TorchSharp.torch;

namespace Functional.Bench;

/// <summary>
/// --data-parallel, under `mpirun -np N`: the generated step (FusedAdam) on each rank's shard of a
/// global batch, the gradients averaged over the ranks in the step's all-reduce. Rank 0 prints, per
/// size and global batch: steps/s (median over repeats), the time spent in the all-reduce hook
/// per step (the copy into the flat buffer, the all-reduce, the wait for the slowest rank, the
/// copy out) and its share of the step, the floats and bytes each step exchanges, and the
/// all-reduce alone on a buffer of the same size (the transport's own cost, with no rank waiting
/// for another). At one rank the step runs alone and exchanges nothing: the baseline. On a shared
/// machine the wall clock says as much about the neighbours as about the step, so rank 0's process
/// CPU time per step is printed too: what a step costs a rank whatever else runs.
/// </summary>
public static class DataParallelBench
{
    public static void Header(IRankGroup ranks)
    {
        if (ranks.Rank != 0) return;
        Console.WriteLine($"# data-parallel: {ranks.Size} rank{(ranks.Size == 1 ? "" : "s")} over {ranks.Transport}, {ranks.LocalSize} on this host");
        Console.WriteLine("| model | size | global batch | ranks | per-rank batch | steps/s | samples/s | rank 0 CPU ms/step | all-reduce ms/step | share of the step | floats/step | MB/step | all-reduce alone ms/step |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    }

    public static Dictionary<string, object>? Row(IRankGroup ranks, string model, int size, int batch, int steps, int repeats, int warmup, Device device,
        Func<GanSession> create, Func<Tensor> realBatch)
    {
        var shard = new BatchShard(ranks.Rank, ranks.Size);
        if (shard.Problem(batch) is { } problem) throw new ArgumentException($"batch {batch}: {problem}");
        using var session = create();
        session.JoinRanks(ranks);
        using var real = realBatch();
        var data = new Batch(shard.Take(real));
        var step = Measure.Stepper(session, data);
        Measure.Run(step, warmup, device);
        var (rates, hooks, cpu) = (new List<double>(), new List<double>(), new List<double>());
        using var self = Process.GetCurrentProcess();
        for (var r = 0; r < repeats; r++)
        {
            Barrier(ranks);
            var before = session.Parallel.Cost;
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            var sample = Measure.Run(step, steps, device);
            self.Refresh();
            cpu.Add((self.TotalProcessorTime - cpuBefore).TotalMilliseconds / steps);
            var after = session.Parallel.Cost;
            rates.Add(1000 / sample.MsPerStep);
            hooks.Add((after.Time - before.Time).TotalMilliseconds / steps);
        }
        var cost = session.Parallel.Cost;
        var floats = cost.DiscriminatorFloats + cost.GeneratorFloats;
        var alone = ranks.Size == 1 ? 0 : AllReduceAlone(ranks, cost.DiscriminatorFloats, cost.GeneratorFloats, steps * repeats);
        if (ranks.Rank != 0) return null;
        var rate = Measure.Median(rates);
        var hook = Measure.Median(hooks);
        var row = new Dictionary<string, object>
        {
            ["kind"] = "data-parallel", ["model"] = model, ["size"] = size, ["batch"] = batch, ["ranks"] = ranks.Size, ["per_rank_batch"] = batch / ranks.Size,
            ["steps_per_s"] = rate, ["steps_per_s_spread"] = Measure.Spread(rates), ["samples_per_s"] = rate * batch, ["cpu_ms_per_step"] = Measure.Median(cpu),
            ["all_reduce_ms_per_step"] = hook, ["all_reduce_share"] = hook * rate / 1000, ["floats_per_step"] = floats, ["bytes_per_step"] = 4.0 * floats,
            ["all_reduce_alone_ms_per_step"] = alone, ["transport"] = ranks.Transport,
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {model} | {size} | {batch} | {ranks.Size} | {batch / ranks.Size} | {rate:0.0} ± {Measure.Spread(rates):0.0} | {rate * batch:0} | {Measure.Median(cpu):0.0} | {hook:0.000} | {100 * hook * rate / 1000:0.0} % | {floats:N0} | {4.0 * floats / 1e6:0.00} | {alone:0.000} |"));
        return row;
    }

    /// <summary>Every rank here before the clock starts.</summary>
    static void Barrier(IRankGroup ranks)
    {
        using var token = zeros(1, dtype: ScalarType.Float32);
        ranks.AllReduce(token, Reduction.Sum, "the benchmark's barrier");
    }

    /// <summary>One step's all-reduces (a discriminator's and a generator's buffer) with nothing else running: ms per step, median of 5.</summary>
    static double AllReduceAlone(IRankGroup ranks, long discriminatorFloats, long generatorFloats, int count)
    {
        using var discriminator = zeros(discriminatorFloats, dtype: ScalarType.Float32);
        using var generator = zeros(generatorFloats, dtype: ScalarType.Float32);
        var times = new List<double>();
        for (var r = 0; r < 5; r++)
        {
            Barrier(ranks);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                ranks.AllReduce(discriminator, Reduction.Sum, "the benchmark's all-reduce");
                ranks.AllReduce(generator, Reduction.Sum, "the benchmark's all-reduce");
            }
            times.Add(clock.Elapsed.TotalMilliseconds / count);
        }
        return Measure.Median(times);
    }
}
