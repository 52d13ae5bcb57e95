using System.Globalization;
using Functional.Bench.Mixtures;
using Functional.Native;
using Functional.Training;
using TorchSharp;

// Benchmarks of the 2-D mixtures: each experiment trained from scratch once per seed, final metrics
// summarised as mean ± standard deviation. Commands:
//   table                      every benchmark, one markdown row each
//   run NAME [--set K=V ...]   one benchmark, optionally with other hyperparameters (tuning)
//   ablate NAME                a trick stack, then the stack with each trick turned off
//   trace NAME [--every N]     one seed, metrics of the averaged and the live generator every N steps
//   lazy                       ring8-tricks with R1 every step, every 4th and every 16th, side by side
//   score RUN_DIR...           the table of runs that `train` wrote: each final samples.csv scored, evaluations along the way, CPU seconds
// Options: --seeds 0-9 (or 0,3,5), --steps N (default: the benchmark's), --batch-size N, --threads N.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "score") return Score.Print(args.Skip(1).ToArray());
var (command, name, options, overrides) = Arguments.Parse(args);
TorchRuntime.EnsureLoaded();
// These MLPs are far too small for libtorch's intra-op threads to pay off: one thread is faster.
torch.set_num_threads(int.Parse(options.GetValueOrDefault("threads", "1"), CultureInfo.InvariantCulture));
var seeds = Arguments.Seeds(options.GetValueOrDefault("seeds", "0-9"));
var batchSize = int.Parse(options.GetValueOrDefault("batch-size", Benchmarks.BatchSize.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

switch (command)
{
    case "table":
        Console.WriteLine(Report.Header);
        foreach (var benchmark in Benchmarks.All)
            Console.WriteLine(Report.Row(benchmark.Experiment.Name, Sweep(benchmark, [])));
        break;
    case "run":
        Console.WriteLine(Report.Header);
        Console.WriteLine(Report.Row(name!, Sweep(Benchmarks.Named(name!), overrides)));
        break;
    case "ablate":
        var stack = Benchmarks.Named(name!);
        var rows = new List<string> { Report.Row(name!, Sweep(stack, overrides)) };
        foreach (var ablation in stack.Ablations)
            rows.Add(Report.Row($"{name} {ablation.Name}", Sweep(stack, [.. overrides, .. ablation.Overrides])));
        Console.WriteLine(Report.Header);
        rows.ForEach(Console.WriteLine);
        break;
    case "lazy":
        Console.WriteLine(Report.Header);
        foreach (var benchmark in Benchmarks.R1Intervals)
            Console.WriteLine(Report.Row(benchmark.Experiment.Name, Sweep(benchmark, [])));
        break;
    case "trace":
        Trace(Benchmarks.Named(name!), overrides, seeds[0], long.Parse(options.GetValueOrDefault("every", "500"), CultureInfo.InvariantCulture));
        break;
    default:
        Console.Error.WriteLine("usage: table | run NAME [--set K=V ...] | ablate NAME | trace NAME [--every N] | lazy; options --seeds 0-9 --steps N --batch-size N --threads N");
        return 2;
}
return 0;

SweepReport Sweep(Benchmark benchmark, IReadOnlyList<string> settings)
{
    var steps = options.TryGetValue("steps", out var s) ? long.Parse(s, CultureInfo.InvariantCulture) : benchmark.Steps;
    var (create, described) = benchmark.WithSettings(settings);
    Console.Error.WriteLine($"{benchmark.Experiment.Name}: {steps} steps, batch {batchSize}, seeds {string.Join(",", seeds)}; {described}");
    return SeedSweep.Run(create, benchmark.Data, seeds,
        new SweepOptions(steps, batchSize, benchmark.Experiment.MetricSamples, torch.CPU),
        run => Console.Error.WriteLine($"  seed {run.Seed}: {run.Metrics} ({run.Elapsed.TotalSeconds:0.0} s)"));
}

void Trace(Benchmark benchmark, IReadOnlyList<string> settings, long seed, long every)
{
    var steps = options.TryGetValue("steps", out var s) ? long.Parse(s, CultureInfo.InvariantCulture) : benchmark.Steps;
    var (create, described) = benchmark.WithSettings(settings);
    Console.WriteLine($"{benchmark.Experiment.Name}: seed {seed}; {described}");
    torch.manual_seed(seed);
    using var session = create(new SessionOptions(torch.CPU, seed));
    using var data = benchmark.Data(new Functional.Data.DataOptions(batchSize, seed, torch.CPU));
    for (var done = 0L; done < steps; done += every)
    {
        var report = Trainer.Train(session, data, new TrainingOptions(Math.Min(every, steps - done), LogEvery: 0, EvaluationSamples: benchmark.Experiment.MetricSamples));
        var losses = report.Log[^1].Losses;
        Console.WriteLine($"step {session.DiscriminatorSteps,6}  D {losses.Discriminator:0.000} G {losses.Generator:0.000} P {losses.Penalty:0.0000}  "
            + $"averaged: {report.Log[^1].Metrics} {Spread(session, data, true)}  live: {Trainer.Evaluate(session, benchmark.Experiment.MetricSamples, averaged: false)} {Spread(session, data, false)}  ({report.Elapsed.TotalSeconds:0} s)");
    }
}

// Median and 90th percentile distance of a sample to its nearest mode, in units of σ.
static string Spread(GanSession session, Functional.Data.IBatchSource data, bool averaged)
{
    if (data is not Functional.Data.MixtureBatches { Mixture: var mixture }) return "";
    using var scope = torch.NewDisposeScope();
    var distances = torch.cdist(session.Sample(2500, averaged: averaged), mixture.MeansTensor()).min(1).values / mixture.Sigma;
    var sorted = distances.sort().Values;
    return $"[d50 {sorted[1250].item<float>():0.0}σ d90 {sorted[2250].item<float>():0.0}σ]";
}
