using System.Diagnostics;
using System.Globalization;
using Functional.Data;
using Functional.Native;
using Functional.Training;
using static TorchSharp.torch;

namespace Functional.Bench;

/// <summary>
/// The generated step (FusedAdam, guard off) against PyTorch eager on the same CPU: the same
/// model and math (bench/reference/dcgan_step.py --serve --d-frozen-in-g, a child process driven
/// over its standard input), the two alternating repeat by repeat. Each side is timed at its
/// defaults (ours: the thread count the CLI chooses and passive waiting; PyTorch's: its own
/// thread count and libgomp's default waiting) and at every thread count asked for.
/// </summary>
public sealed class Peer : IDisposable
{
    readonly Process python;
    int? defaultThreads;

    Peer(Process python) => this.python = python;

    /// <summary>PyTorch's own thread count, as it starts (before any `threads` command changes it).</summary>
    int DefaultThreads => defaultThreads ??= int.Parse(Info().Split(", ")[1].Split(' ')[0], CultureInfo.InvariantCulture);

    public static Peer Start(string interpreter, string script)
    {
        var start = new ProcessStartInfo(interpreter, [script, "--serve", "--d-frozen-in-g"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // PyTorch at its own defaults: this process set OMP_WAIT_POLICY for itself, not for the peer.
        if (TorchRuntime.WaitPolicy?.Origin != $"from {OpenMpWaitPolicy.Variable}") start.Environment.Remove(OpenMpWaitPolicy.Variable);
        return new Peer(Process.Start(start) ?? throw new InvalidOperationException($"could not start {interpreter}"));
    }

    string Ask(string command)
    {
        python.StandardInput.WriteLine(command);
        python.StandardInput.Flush();
        var reply = python.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"the PyTorch peer exited after '{command}'");
        return reply.StartsWith("error", StringComparison.Ordinal) ? throw new InvalidOperationException($"PyTorch peer: {reply}") : reply;
    }

    public string Info() => Ask("info");

    public static void Header(Peer peer)
    {
        _ = peer.DefaultThreads;
        Console.WriteLine($"# peer: {peer.Info()}; ours: wait policy {TorchRuntime.WaitPolicy}; {Environment.ProcessorCount} cores");
        Console.WriteLine("| model | size | batch | side | threads | ms/step | at defaults: PyTorch / generated | at best: PyTorch / generated |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
    }

    public IEnumerable<Dictionary<string, object>> Compare(string model, int size, int batch, int[] threads, int steps, int repeats, int warmup,
        Func<GanSession> build, Func<Tensor> realBatch)
    {
        var theirDefault = DefaultThreads;
        Ask($"threads {theirDefault}");
        Ask(string.Create(CultureInfo.InvariantCulture, $"setup {model} {size} {batch} {warmup}"));
        using var session = build();
        using var real = realBatch();
        var data = new Batch(real);
        var ours = IntraOpThreads.ForWork(LayerWork.Measure(session, batch), Environment.ProcessorCount).Threads;
        var Step = Measure.Stepper(session, data);
        var configurations = new List<(string Side, int Threads, bool Default)>();
        configurations.Add(("generated", ours, true));
        configurations.AddRange(threads.Where(t => t != ours).Select(t => ("generated", t, false)));
        configurations.Add(("pytorch", theirDefault, true));
        configurations.AddRange(threads.Where(t => t != theirDefault).Select(t => ("pytorch", t, false)));
        var samples = configurations.ToDictionary(c => c, _ => new List<double>());
        set_num_threads(ours);
        Measure.Run(Step, warmup, CPU);
        for (var r = 0; r < repeats; r++)
            for (var k = 0; k < configurations.Count; k++)
            {
                var c = configurations[(r + k) % configurations.Count];
                if (c.Side == "generated")
                {
                    set_num_threads(c.Threads);
                    samples[c].Add(Measure.Run(Step, steps, CPU).MsPerStep);
                }
                else
                {
                    Ask($"threads {c.Threads}");
                    samples[c].Add(double.Parse(Ask($"run {steps}"), CultureInfo.InvariantCulture));
                }
            }
        double Ms((string, int, bool) c) => Measure.Median(samples[c]);
        var ourDefaultMs = Ms(configurations.First(c => c.Side == "generated" && c.Default));
        var theirDefaultMs = Ms(configurations.First(c => c.Side == "pytorch" && c.Default));
        var ourBest = configurations.Where(c => c.Side == "generated").Min(Ms);
        var theirBest = configurations.Where(c => c.Side == "pytorch").Min(Ms);
        foreach (var c in configurations)
        {
            var first = c == configurations[0];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {model} | {size} | {batch} | {(c.Side == "generated" ? "generated" : "PyTorch")}{(c.Default ? " (default)" : "")} | {c.Threads} | {Ms(c):0.00} ± {Measure.Spread(samples[c]):0.00} | {(first ? $"{theirDefaultMs / ourDefaultMs:0.00}×" : "")} | {(first ? $"{theirBest / ourBest:0.00}×" : "")} |"));
            yield return new Dictionary<string, object>
            {
                ["kind"] = "peer", ["model"] = model, ["size"] = size, ["batch"] = batch, ["side"] = c.Side, ["threads"] = c.Threads,
                ["default"] = c.Default, ["ms"] = Ms(c), ["ms_spread"] = Measure.Spread(samples[c]),
                ["defaults_ratio"] = theirDefaultMs / ourDefaultMs, ["best_ratio"] = theirBest / ourBest,
            };
        }
    }

    public void Dispose()
    {
        try
        {
            python.StandardInput.WriteLine("quit");
            python.StandardInput.Flush();
            if (!python.WaitForExit(5000)) python.Kill();
        }
        catch (IOException) { }
        python.Dispose();
    }
}
