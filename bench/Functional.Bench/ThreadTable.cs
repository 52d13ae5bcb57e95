using System.Globalization;
using Functional.Data;
using Functional.Native;
using Functional.Training;
using static TorchSharp.torch;

namespace Functional.Bench;

/// <summary>
/// The generated step (FusedAdam, guard off) at each thread count, the counts alternating within
/// one process, with the layer work that <see cref="IntraOpThreads"/> decides by and what it
/// would choose. The OpenMP wait policy is the process's (set it with OMP_WAIT_POLICY or
/// FUNCTIONAL_WAIT_POLICY when starting the bench; bench/threads.sh runs each policy).
/// </summary>
public static class ThreadTable
{
    public static void Header()
    {
        Console.WriteLine($"wait policy: {TorchRuntime.WaitPolicy}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        Console.WriteLine("| model | size | batch | typical layer call (M multiply-adds) | threads | ms/step | vs 1 thread | chosen |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
    }

    public static IEnumerable<Dictionary<string, object>> Rows(string model, int size, int batch, int[] threads, int steps, int repeats, int warmup, Device device,
        Func<string, Device, int, GanSession> build, Func<Tensor> realBatch)
    {
        using var session = build(model, device, size);
        using var real = realBatch();
        var data = new Batch(real);
        var work = LayerWork.Measure(session, batch);
        var chosen = IntraOpThreads.ForWork(work, Environment.ProcessorCount);
        var Step = Measure.Stepper(session, data);
        var samples = threads.ToDictionary(t => t, _ => new List<double>());
        foreach (var t in threads)
        {
            set_num_threads(t);
            Measure.Run(Step, warmup, device);
        }
        for (var r = 0; r < repeats; r++)
            for (var k = 0; k < threads.Length; k++)
            {
                var t = threads[(r + k) % threads.Length];
                set_num_threads(t);
                samples[t].Add(Measure.Run(Step, steps, device).MsPerStep);
            }
        var one = samples.TryGetValue(1, out var single) ? Measure.Median(single) : double.NaN;
        foreach (var t in threads)
        {
            var ms = Measure.Median(samples[t]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {model} | {size} | {batch} | {work.Typical / 1e6:0.#} | {t} | {ms:0.00} ± {Measure.Spread(samples[t]):0.00} | {one / ms:0.00}× | {(t == chosen.Threads ? "chosen" : "")} |"));
            yield return new Dictionary<string, object>
            {
                ["kind"] = "threads", ["model"] = model, ["size"] = size, ["batch"] = batch, ["threads"] = t,
                ["ms"] = ms, ["ms_spread"] = Measure.Spread(samples[t]), ["typical_multiply_adds"] = work.Typical,
                ["chosen"] = chosen.Threads, ["wait_policy"] = TorchRuntime.WaitPolicy?.ToString() ?? "", ["load_average"] = LoadAverage(),
            };
        }
    }

    static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }
}
