using System.Globalization;
using System.Text.Json;
using Functional.Bench;
using Functional.Data;
using Functional.Native;
using Functional.Training;
using Functional.Tricks;
using TorchSharp;
using static TorchSharp.torch;

// functional-bench: the generated step against the same step written by hand, side by side.
//   --model dcgan|mlp  --sizes 32,64,128  --batches 32,64,256  --steps 50  --repeats 7  --warmup 20
//   --device auto|cpu|cuda  --libtorch DIR  --out results.json  --soak N  --threads N
var options = Options.Parse(args);
var loaded = TorchRuntime.Initialize(options.LibTorch);
if (loaded.IsFail) { Console.Error.WriteLine("error: " + loaded.Match(_ => "", e => e.Message)); return 3; }
var deviceChoice = DeviceChoice.Resolve(options.Device);
if (deviceChoice.IsFail) { Console.Error.WriteLine("error: " + deviceChoice.Match(_ => "", e => e.Message)); return 3; }
var device = (Device)deviceChoice;
if (options.Threads > 0) set_num_threads(options.Threads);
var machine = device.type == DeviceType.CUDA ? $"CUDA device {device.index}" : $"CPU, {Environment.ProcessorCount} cores, {get_num_threads()} torch threads";
Console.WriteLine($"# functional-bench on {machine}; {options.Steps} steps x {options.Repeats} repeats after {options.Warmup} warm-up steps");

var results = new List<Dictionary<string, object>>();
var sizes = options.Model == "mlp" ? [2] : options.Sizes;
Console.WriteLine("| model | size | batch | generated ms/step | hand-written ms/step | speed-up | generated img/s | generated B/step | hand-written B/step | gen-0 GCs /1k steps (gen / hand) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var size in sizes)
foreach (var batch in options.Batches)
{
    var row = Compare(options, device, size, batch);
    results.Add(row);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {options.Model} | {size} | {batch} | {row["generated_ms"]:0.00} ± {row["generated_ms_spread"]:0.00} | {row["handwritten_ms"]:0.00} ± {row["handwritten_ms_spread"]:0.00} | {row["speedup"]:0.00}× | {row["generated_images_per_s"]:0} | {row["generated_bytes"]:0} ({row["generated_tensors_per_step"]:0} tensors) | {row["handwritten_bytes"]:0} ({row["handwritten_tensors_per_step"]:0} tensors) | {row["generated_gen0"]:0.0} / {row["handwritten_gen0"]:0.0} |"));
}

if (options.Model == "dcgan")
{
    var ema = CompareAveraging(device, options.Sizes[0]);
    results.Add(ema);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"\nEMA update of the {options.Sizes[0]}px generator ({ema["parameters"]} tensors): fused flat lerp_ {ema["fused_us"]:0.0} µs, one lerp_ per parameter {ema["per_parameter_us"]:0.0} µs ({ema["ratio"]:0.0}× faster)"));
    var lazy = CompareLazy(options, device, options.Sizes[0], options.Batches[^1]);
    results.Add(lazy);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"R1 every step {lazy["every_step_ms"]:0.00} ms/step vs lazy R1 every 16 steps {lazy["lazy_ms"]:0.00} ms/step ({lazy["ratio"]:0.00}× the steps/s) at {options.Sizes[0]}px, batch {options.Batches[^1]}"));
}
if (options.Soak > 0)
{
    var soak = Soak(options, device);
    results.Add(soak);
}
if (options.Out is { } path)
{
    File.WriteAllText(path, JsonSerializer.Serialize(new { machine, options.Steps, options.Repeats, results }, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"\nresults: {Path.GetFullPath(path)}");
}
return 0;

static (GanSession Session, HandWrittenStep Hand) Build(string model, Device device, int size, long seed)
{
    var sessionOptions = new SessionOptions(device, seed);
    manual_seed(seed);
    GanSession session = model == "mlp"
        ? new MlpBench.Session(sessionOptions)
        : new DcganBench.Session(sessionOptions, new DcganSize(size, 128));
    manual_seed(seed);
    var hand = model == "mlp"
        ? new HandWrittenStep(MlpNetworks.Generator, MlpNetworks.Discriminator, MlpNetworks.LatentSize, device)
        : new HandWrittenStep(() => Dcgan.Generator(size, 128), () => Dcgan.Discriminator(size), 128, device);
    return (session, hand);
}

static Tensor RealBatch(string model, Device device, int size, int batch) =>
    (model == "mlp" ? randn(batch, 2, device: device) : randn(batch, 3, size, size, device: device).clamp(-1, 1)).DetachFromDisposeScope();

static Dictionary<string, object> Compare(Options o, Device device, int size, int batch)
{
    var liveBefore = torch.Tensor.TotalCount;
    var (session, hand) = Build(o.Model, device, size, 0);
    using var real = RealBatch(o.Model, device, size, batch);
    var data = new Batch(real);
    void Generated() => session.Step(data);
    void HandWritten() => hand.Step(real);
    Measure.Run(Generated, o.Warmup, device);
    Measure.Run(HandWritten, o.Warmup, device);
    var generated = new List<RunSample>();
    var handWritten = new List<RunSample>();
    for (var r = 0; r < o.Repeats; r++)
    {
        // Alternate the order so that neither side always runs on a warmer machine.
        if (r % 2 == 0) { generated.Add(Measure.Run(Generated, o.Steps, device)); handWritten.Add(Measure.Run(HandWritten, o.Steps, device)); }
        else { handWritten.Add(Measure.Run(HandWritten, o.Steps, device)); generated.Add(Measure.Run(Generated, o.Steps, device)); }
    }
    session.Dispose();
    hand.Dispose();
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var g = Measure.Median(generated.Select(s => s.MsPerStep));
    var h = Measure.Median(handWritten.Select(s => s.MsPerStep));
    return new Dictionary<string, object>
    {
        ["kind"] = "step", ["model"] = o.Model, ["size"] = size, ["batch"] = batch,
        ["generated_ms"] = g, ["generated_ms_spread"] = Measure.Spread(generated.Select(s => s.MsPerStep)),
        ["handwritten_ms"] = h, ["handwritten_ms_spread"] = Measure.Spread(handWritten.Select(s => s.MsPerStep)),
        ["speedup"] = h / g,
        ["generated_images_per_s"] = batch * 1000.0 / g,
        ["generated_bytes"] = Measure.Median(generated.Select(s => s.BytesPerStep)),
        ["handwritten_bytes"] = Measure.Median(handWritten.Select(s => s.BytesPerStep)),
        ["generated_gen0"] = Measure.Median(generated.Select(s => s.Gen0Per1000Steps)),
        ["handwritten_gen0"] = Measure.Median(handWritten.Select(s => s.Gen0Per1000Steps)),
        ["tensors_alive_after"] = torch.Tensor.TotalCount - liveBefore,
        ["generated_tensors_per_step"] = Measure.Median(generated.Select(s => s.TensorsPerStep)),
        ["handwritten_tensors_per_step"] = Measure.Median(handWritten.Select(s => s.TensorsPerStep)),
    };
}

static Dictionary<string, object> CompareAveraging(Device device, int size)
{
    using var scope = NewDisposeScope();
    using var live = Dcgan.Generator(size, 128).to(device);
    using var fusedAverage = Dcgan.Generator(size, 128).to(device);
    using var perParameter = Dcgan.Generator(size, 128).to(device);
    using var averaged = new AveragedParameters(fusedAverage, live);
    var pairs = perParameter.parameters().Zip(live.parameters()).ToArray();
    void Fused() => averaged.Update(0.999);
    void PerParameter()
    {
        using var _ = no_grad();
        foreach (var (a, l) in pairs) a.lerp_(l, 0.001);
    }
    const int updates = 200;
    Measure.Run(Fused, 20, device);
    Measure.Run(PerParameter, 20, device);
    var fused = Enumerable.Range(0, 7).Select(_ => Measure.Run(Fused, updates, device).MsPerStep * 1000).ToList();
    var single = Enumerable.Range(0, 7).Select(_ => Measure.Run(PerParameter, updates, device).MsPerStep * 1000).ToList();
    return new Dictionary<string, object>
    {
        ["kind"] = "ema", ["size"] = size, ["parameters"] = pairs.Length,
        ["fused_us"] = Measure.Median(fused), ["per_parameter_us"] = Measure.Median(single),
        ["ratio"] = Measure.Median(single) / Measure.Median(fused),
    };
}

static Dictionary<string, object> CompareLazy(Options o, Device device, int size, int batch)
{
    var options = new SessionOptions(device, 0);
    using var every = new DcganBench.Session(options, new DcganSize(size, 128));
    using var lazy = new DcganLazyBench.Session(options, new DcganSize(size, 128));
    using var real = RealBatch("dcgan", device, size, batch);
    var data = new Batch(real);
    Measure.Run(() => every.Step(data), o.Warmup, device);
    Measure.Run(() => lazy.Step(data), o.Warmup, device);
    var steps = Math.Max(o.Steps, 32);   // whole lazy periods
    var e = new List<double>();
    var l = new List<double>();
    for (var r = 0; r < o.Repeats; r++)
    {
        e.Add(Measure.Run(() => every.Step(data), steps, device).MsPerStep);
        l.Add(Measure.Run(() => lazy.Step(data), steps, device).MsPerStep);
    }
    return new Dictionary<string, object>
    {
        ["kind"] = "lazy", ["size"] = size, ["batch"] = batch,
        ["every_step_ms"] = Measure.Median(e), ["lazy_ms"] = Measure.Median(l), ["ratio"] = Measure.Median(e) / Measure.Median(l),
    };
}

static Dictionary<string, object> Soak(Options o, Device device)
{
    var size = o.Model == "mlp" ? 2 : o.Sizes[0];
    var batch = o.Batches[0];
    var liveBefore = torch.Tensor.TotalCount;
    var (session, hand) = Build(o.Model, device, size, 0);
    hand.Dispose();
    using var real = RealBatch(o.Model, device, size, batch);
    var data = new Batch(real);
    var memory = new List<long>();
    var tensors = new List<long>();
    for (var i = 1; i <= o.Soak; i++)
    {
        session.Step(data);
        if (i % (o.Soak / 10) != 0) continue;
        Measure.Synchronize(device);
        GC.Collect();
        memory.Add(Environment.WorkingSet);
        tensors.Add(torch.Tensor.TotalCount - liveBefore);
    }
    var sessionTensors = tensors[^1];
    session.Dispose();
    var after = torch.Tensor.TotalCount - liveBefore;
    Console.WriteLine($"\nsoak: {o.Soak} generated steps ({o.Model}, size {size}, batch {batch}); tensors alive during (session state) {string.Join(" ", tensors)}; after dispose {after}");
    Console.WriteLine($"process working set every {o.Soak / 10} steps (MB): {string.Join(" ", memory.Select(m => m / (1 << 20)))}");
    return new Dictionary<string, object>
    {
        ["kind"] = "soak", ["steps"] = o.Soak, ["tensors_alive_during"] = tensors, ["tensors_alive_after_dispose"] = after,
        ["working_set_mb"] = memory.Select(m => m / (1 << 20)).ToList(), ["session_tensors"] = sessionTensors,
    };
}

sealed record Options(string Model, int[] Sizes, int[] Batches, int Steps, int Repeats, int Warmup, string Device, string? LibTorch, string? Out, int Soak, int Threads)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int[] Ints(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        return new Options(
            Get("--model", "dcgan"), Ints(Get("--sizes", "64")), Ints(Get("--batches", "32,64,256")),
            int.Parse(Get("--steps", "20")), int.Parse(Get("--repeats", "5")), int.Parse(Get("--warmup", "10")),
            Get("--device", "auto"), args.Contains("--libtorch") ? Get("--libtorch", "") : null,
            args.Contains("--out") ? Get("--out", "") : null, int.Parse(Get("--soak", "0")), int.Parse(Get("--threads", "0")));
    }
}
