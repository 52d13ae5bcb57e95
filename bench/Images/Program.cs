using System.Diagnostics;
using System.Globalization;
using Functional.Bench.Images;
using Functional.Data;
using Functional.Examples.Images;
using Functional.Native;
using Functional.Samples;
using Functional.Training;
using TorchSharp;

// The image example's benchmark: glyphs-cgan untrained and trained, and its trick ablation. Commands:
//   ablate      every variant × seed (GlyphCgan.Variants) into --out: results.csv line by line,
//               then table.md, table.csv and ablation.png; run it again to resume a stopped one
//   table       rewrite --out's table and plot from its results.csv (after shards ran at once)
//   untrained   each seed's session before training, evaluated as the ablation evaluates, and
//               real glyphs of another seed (3) in place of samples: the two ends of the scale
//   sample      train the first seed and write a PNG grid of the averaged generator (a row per class)
//   budget      train --experiment NAME (fashion-mnist) with --set a=1,b=2 for each of --minutes 10,30 of
//               training CPU time (wall time with --device cuda), evaluating at each: results.jsonl and a
//               sample grid per budget in --out
// Options: --seeds 0,1 (or 0-3), --steps N, --batch-size N, --out FOLDER (default runs/ablation-glyphs),
//          --shard i/n, --threads N (default 1), --libtorch FOLDER (a libtorch other than the restored one).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var arguments = Arguments.Parse(args);
TorchRuntime.EnsureLoaded(arguments.Options.GetValueOrDefault("libtorch"));
torch.set_num_threads((int)arguments.Number("threads", 1));
var seeds = arguments.Seeds("0,1");
var options = new SweepOptions(arguments.Number("steps", GlyphCgan.AblationSteps), (int)arguments.Number("batch-size", GlyphCgan.AblationBatchSize),
    GlyphCgan.MetricSamples, torch.CPU);
const long RealSeed = 3;
var folder = arguments.Text("out", Path.Combine("runs", "ablation-glyphs"));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); Console.Error.WriteLine("stopping after this step; run again to resume"); };

if (arguments.Command is "ablate" or "untrained" or "sample")
{
    // The metrics' classifier trains once per process, on first use: here, so no run's time includes it.
    var judgeClock = Stopwatch.StartNew();
    _ = GlyphJudge.Shared;
    Console.Error.WriteLine($"feature classifier for the metrics trained in {judgeClock.Elapsed.TotalSeconds:0} s");
}

switch (arguments.Command)
{
    case "ablate":
        var shard = arguments.Shard();
        Console.Error.WriteLine($"{GlyphCgan.Definition.Name}: {options.Steps} steps, batch {options.BatchSize}, seeds {string.Join(",", seeds)}, shard {shard.Index}/{shard.Count} → {folder}");
        var report = Ablation.Run(GlyphCgan.Variants, seeds, options, folder,
            run => Console.Error.WriteLine($"  {run.Variant}, seed {run.Seed}: {run.Metrics} ({run.Elapsed.TotalSeconds:0} s)"),
            stop.Token, shard);
        Console.Error.WriteLine($"trained {report.Trained.Count}, skipped {report.Skipped} finished{(report.Cancelled ? ", stopped" : "")}");
        Console.WriteLine(AblationTable.Markdown(report.Table));
        break;
    case "table":
        Console.WriteLine(AblationTable.Markdown(Ablation.WriteTable(GlyphCgan.Variants.Select(v => v.Name).ToArray(), seeds, folder)));
        break;
    case "untrained":
        var untrained = seeds.Select(seed =>
        {
            var clock = Stopwatch.StartNew();
            using var session = Trainer.CreateSession(GlyphCgan.Definition, new SessionOptions(torch.CPU, seed));
            var metrics = Trainer.Evaluate(session, GlyphCgan.MetricSamples);
            Console.Error.WriteLine($"  untrained, seed {seed}: {metrics} ({clock.Elapsed.TotalSeconds:0} s)");
            return new AblationRun("untrained", seed, 0, options.BatchSize, GlyphCgan.MetricSamples, metrics, clock.Elapsed);
        }).ToArray();
        var realClock = Stopwatch.StartNew();
        using (var glyphs = GlyphDataset.Render(RealSeed, new GlyphOptions { Count = GlyphCgan.MetricSamples })
                   .Match(images => images, error => throw new InvalidOperationException(error.Message)))
        {
            // Image i of a glyph set has class i mod 10, as the samples' labels do.
            var real = new AblationRun("real glyphs (seed 3)", RealSeed, 0, 0, GlyphCgan.MetricSamples,
                GlyphJudge.Shared.Evaluate(glyphs.Images, GlyphCgan.Classes), realClock.Elapsed);
            Console.WriteLine(AblationTable.Markdown(AblationTable.Rows(["untrained", real.Variant], [.. untrained, real])));
        }
        break;
    case "sample":
        Sample(seeds[0], Path.Combine(folder, $"samples-seed{seeds[0]}.png"));
        break;
    case "budget":
        // One experiment trained for CPU-time budgets, evaluated at each (fashion-mnist by default).
        var name = arguments.Text("experiment", "fashion-mnist");
        var experiment = Functional.Examples.BuiltInExperiments.All.Single(e => e.Name == name);
        foreach (var seed in seeds)
            CpuBudgetRun.Run(experiment, CpuBudgetRun.Settings(arguments.Text("set", "")), seed,
                (int)arguments.Number("batch-size", experiment.Training.BatchSize), CpuBudgetRun.Minutes(arguments.Text("minutes", "10,30")),
                arguments.Text("out", Path.Combine("runs", "budget-" + name)), arguments.Text("label", name), stop.Token,
                evaluate: arguments.Text("evaluate", "true") == "true", device: torch.device(arguments.Text("device", "cpu")),
                dataPath: arguments.Options.GetValueOrDefault("data"), untrained: arguments.Text("untrained", "true") == "true");
        break;
    case "fashion-real":
        // The other end of the fashion-mnist scale: 5,000 real training images, ordered so that image i
        // has class i mod 10 as samples do, judged as samples are.
        FashionReal(arguments.Text("out", Path.Combine("runs", "budget-fashion-mnist")));
        break;
    default:
        Console.Error.WriteLine("usage: ablate | table | untrained | sample | budget | fashion-real; options --seeds 0,1 --steps N --batch-size N --out FOLDER --shard i/n --threads N --libtorch FOLDER");
        return 2;
}
return 0;

void FashionReal(string folder)
{
    var clock = Stopwatch.StartNew();
    using var data = (Functional.Metrics.JudgedImages)FashionMnist.Definition.CreateData!(new DataOptions(64, 0, torch.CPU));
    var judge = data.Judge;
    var path = FashionMnistData.PackagedFolder;
    using var training = IdxDataset.Read(Path.Combine(path, FashionMnistData.TrainingImages), Path.Combine(path, FashionMnistData.TrainingLabels), FashionMnist.ImageSize)
        .Match(images => images, error => throw new InvalidOperationException(error.Message));
    var labels = training.Labels.data<long>().ToArray();
    var perClass = Enumerable.Range(0, FashionMnist.Classes).Select(c => Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Take(FashionMnist.MetricSamples / FashionMnist.Classes).ToArray()).ToArray();
    var order = Enumerable.Range(0, FashionMnist.MetricSamples / FashionMnist.Classes).SelectMany(i => perClass.Select(c => (long)c[i])).ToArray();
    using var scope = torch.NewDisposeScope();
    var metrics = judge.Evaluate(training.Images.index_select(0, torch.tensor(order)));
    Console.Error.WriteLine($"real training images ({order.Length}) against the test split: {metrics} ({clock.Elapsed.TotalSeconds:0} s)");
    Directory.CreateDirectory(folder);
    var line = new Dictionary<string, object> { ["run"] = "real training images" };
    foreach (var metric in metrics) line[metric.Name] = metric.Value;
    File.AppendAllText(Path.Combine(folder, "results.jsonl"), System.Text.Json.JsonSerializer.Serialize(line) + Environment.NewLine);
}

void Sample(long seed, string path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    using var session = Trainer.CreateSession(GlyphCgan.Definition, new SessionOptions(torch.CPU, seed));
    using var data = GlyphCgan.Definition.CreateData!(new(options.BatchSize, seed, torch.CPU));
    var report = Trainer.Train(session, data, new TrainingOptions(options.Steps, LogEvery: (int)Math.Max(1, options.Steps / 10), EvaluationSamples: GlyphCgan.MetricSamples),
        progress => Console.Error.WriteLine($"  step {progress.Step}: {progress.Losses} ({progress.StepsPerSecond:0.0} steps/s){(progress.Metrics is { } m ? $" {m}" : "")}"),
        stop.Token);
    using var scope = torch.NewDisposeScope();
    // Ten per class, class c in column c: CycleLabels gives 0, 1, …, 9, 0, 1, …
    SampleExport.PngGrid(session.Sample(100), path, columns: GlyphCgan.Classes)
        .IfFail(error => throw new IOException(error.Message));
    Console.Error.WriteLine($"{report.StepsDone} steps in {report.Elapsed.TotalSeconds:0} s; samples in {path}");
}
