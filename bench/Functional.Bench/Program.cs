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
//   --only generated|fused|handwritten: run one contender of the step table (for a profiler)
//   --table-only: only the step table (and the soak, if asked; no EMA, lazy R1, optimizer or guard sections)
//   --optimizer-only: only FusedAdam's step against TorchSharp Adam's, alone, over the model's parameters
//   --guard-only: only the divergence guard's cost (the generated step with the guard against without), every size and batch
//   --peer 1,2 [--python /usr/bin/python3] [--peer-script bench/reference/dcgan_step.py]: the generated step (FusedAdam) against PyTorch eager on the CPU, alternating, at each side's defaults and at each thread count
//   --backward-only: the hand-written step with each backward pass to every leaf against to the trained network's parameters only
//   --threads-table 1,2: the generated step (FusedAdam) at each intra-op thread count, alternating, with the layer work the CLI chooses by
//   --data-parallel [--rank-timeout S]: under `mpirun -np N`, the generated step (FusedAdam) on each rank's shard of every global batch, the all-reduce's share (bench/data-parallel.sh)
// The hand-written step has no divergence guard, so the generated step is measured without one too.
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
if (options.DataParallel)
{
    var joined = Functional.Distributed.MpiRanks.Join(TimeSpan.FromSeconds(120));
    if (joined.IsFail) { Console.Error.WriteLine("error: " + joined.Match(_ => "", e => e.Message)); return 3; }
    using var ranks = joined.Match(r => r, _ => null!);
    DataParallelBench.Header(ranks);
    foreach (var size in sizes)
    foreach (var batch in options.Batches)
        if (DataParallelBench.Row(ranks, options.Model, size, batch, options.Steps, options.Repeats, options.Warmup, device,
                () => Generated(options.Model, device, size, 0, guard: false, fused: true), () => RealBatch(options.Model, device, size, batch)) is { } row)
            results.Add(row);
    return ranks.Rank == 0 ? Finish(options, machine, results) : 0;
}
if (options.GuardOnly)
{
    GuardHeader();
    foreach (var size in sizes)
    foreach (var batch in options.Batches)
        results.Add(PrintGuard(CompareGuard(options, device, size, batch)));
    return Finish(options, machine, results);
}
if (options.BackwardOnly)
{
    Console.WriteLine("| model | size | batch | backward to every leaf ms/step | to the trained network only ms/step | speed-up |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var size in sizes)
    foreach (var batch in options.Batches)
        results.Add(CompareBackward(options, device, size, batch));
    return Finish(options, machine, results);
}
if (options.PeerThreads is { } peerThreads)
{
    using var peer = Peer.Start(options.Python, options.PeerScript);
    Peer.Header(peer);
    foreach (var size in sizes)
    foreach (var batch in options.Batches)
        results.AddRange(peer.Compare(options.Model, size, batch, peerThreads, options.Steps, options.Repeats, options.Warmup,
            () => Generated(options.Model, device, size, 0, guard: false, fused: true), () => RealBatch(options.Model, device, size, batch)));
    return Finish(options, machine, results);
}
if (options.ThreadCounts is { } threadCounts)
{
    ThreadTable.Header();
    foreach (var size in sizes)
    foreach (var batch in options.Batches)
        results.AddRange(ThreadTable.Rows(options.Model, size, batch, threadCounts, options.Steps, options.Repeats, options.Warmup, device,
            (model, d, s) => Generated(model, d, s, 0, guard: false, fused: true), () => RealBatch(options.Model, device, size, batch)));
    return Finish(options, machine, results);
}
if (options.OptimizerOnly)
{
    foreach (var size in sizes) results.Add(PrintOptimizers(CompareOptimizers(options.Model, device, size)));
    return Finish(options, machine, results);
}
Console.WriteLine("| model | size | batch | generated ms/step | generated + FusedAdam ms/step | hand-written ms/step | speed-up | speed-up (FusedAdam) | generated img/s | generated B/step | generated + FusedAdam B/step | hand-written B/step | gen-0 GCs /1k steps (gen / fused / hand) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var size in sizes)
foreach (var batch in options.Batches)
{
    var row = Compare(options, device, size, batch);
    results.Add(row);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {options.Model} | {size} | {batch} | {row["generated_ms"]:0.00} ± {row["generated_ms_spread"]:0.00} | {row["fused_ms"]:0.00} ± {row["fused_ms_spread"]:0.00} | {row["handwritten_ms"]:0.00} ± {row["handwritten_ms_spread"]:0.00} | {row["speedup"]:0.00}× | {row["fused_speedup"]:0.00}× | {row["generated_images_per_s"]:0} | {row["generated_bytes"]:0} ({row["generated_tensors_per_step"]:0} tensors) | {row["fused_bytes"]:0} ({row["fused_tensors_per_step"]:0} tensors) | {row["handwritten_bytes"]:0} ({row["handwritten_tensors_per_step"]:0} tensors) | {row["generated_gen0"]:0.0} / {row["fused_gen0"]:0.0} / {row["handwritten_gen0"]:0.0} |"));
}

if (!options.TableOnly)
{
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
    Console.WriteLine();
    results.Add(PrintOptimizers(CompareOptimizers(options.Model, device, sizes[0])));
    Console.WriteLine("\nThe divergence guard's cost:");
    GuardHeader();
    results.Add(PrintGuard(CompareGuard(options, device, sizes[0], options.Batches[^1])));
}
if (options.Soak > 0)
{
    var soak = Soak(options, device);
    results.Add(soak);
}
return Finish(options, machine, results);

static int Finish(Options options, string machine, List<Dictionary<string, object>> results)
{
    if (options.Out is { } path)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(new { machine, options.Steps, options.Repeats, results }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"\nresults: {Path.GetFullPath(path)}");
    }
    return 0;
}

static GanSession Generated(string model, Device device, int size, long seed, bool guard, bool fused = false)
{
    var sessionOptions = new SessionOptions(device, seed, DivergenceGuard: guard);
    manual_seed(seed);
    return (model, fused) switch
    {
        ("mlp", false) => new MlpBench.Session(sessionOptions),
        ("mlp", true) => new MlpFusedBench.Session(sessionOptions),
        (_, false) => new DcganBench.Session(sessionOptions, new DcganSize(size, 128)),
        (_, true) => new DcganFusedBench.Session(sessionOptions, new DcganSize(size, 128)),
    };
}

static (GanSession Session, HandWrittenStep Hand) Build(string model, Device device, int size, long seed)
{
    var session = Generated(model, device, size, seed, guard: false);
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
    var fusedSession = Generated(o.Model, device, size, 0, guard: false, fused: true);
    using var real = RealBatch(o.Model, device, size, batch);
    var data = new Batch(real);
    var contenders = new (string Name, Action Step, List<RunSample> Samples)[]
    {
        ("generated", Measure.Stepper(session, data), []),
        ("fused", Measure.Stepper(fusedSession, data), []),
        ("handwritten", () => hand.Step(real), []),
    };
    if (o.Only is { } only)
    {
        if (!contenders.Any(c => c.Name == only)) throw new ArgumentException($"--only {only}: the contenders are {string.Join(", ", contenders.Select(c => c.Name))}");
        contenders = contenders.Where(c => c.Name == only).ToArray();
    }
    foreach (var c in contenders) Measure.Run(c.Step, o.Warmup, device);
    for (var r = 0; r < o.Repeats; r++)
        // Rotate the order so that no contender always runs on a warmer (or cooler) machine.
        for (var k = 0; k < contenders.Length; k++)
        {
            var c = contenders[(r + k) % contenders.Length];
            c.Samples.Add(Measure.Run(c.Step, o.Steps, device));
        }
    session.Dispose();
    fusedSession.Dispose();
    hand.Dispose();
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var row = new Dictionary<string, object>
    {
        ["kind"] = "step", ["model"] = o.Model, ["size"] = size, ["batch"] = batch,
        ["tensors_alive_after"] = torch.Tensor.TotalCount - liveBefore,
    };
    foreach (var (name, _, samples) in contenders)
    {
        row[$"{name}_ms"] = Measure.Median(samples.Select(s => s.MsPerStep));
        row[$"{name}_ms_spread"] = Measure.Spread(samples.Select(s => s.MsPerStep));
        row[$"{name}_bytes"] = Measure.Median(samples.Select(s => s.BytesPerStep));
        row[$"{name}_gen0"] = Measure.Median(samples.Select(s => s.Gen0Per1000Steps));
        row[$"{name}_tensors_per_step"] = Measure.Median(samples.Select(s => s.TensorsPerStep));
    }
    foreach (var name in new[] { "generated", "fused", "handwritten" })
        foreach (var key in new[] { "ms", "ms_spread", "bytes", "gen0", "tensors_per_step" })
            row.TryAdd($"{name}_{key}", double.NaN);
    var h = (double)row["handwritten_ms"];
    row["speedup"] = h / (double)row["generated_ms"];
    row["fused_speedup"] = h / (double)row["fused_ms"];
    row["generated_images_per_s"] = batch * 1000.0 / (double)row["generated_ms"];
    row["fused_images_per_s"] = batch * 1000.0 / (double)row["fused_ms"];
    return row;
}

/// <summary>
/// One Adam step alone, over the DCGAN generator's and discriminator's parameters with fixed
/// gradients: FusedAdam against TorchSharp's Adam (µs and managed bytes per step, medians).
/// </summary>
static Dictionary<string, object> CompareOptimizers(string model, Device device, int size)
{
    using var scope = NewDisposeScope();
    nn.Module<Tensor, Tensor> G() => model == "mlp" ? MlpNetworks.Generator() : Dcgan.Generator(size, 128);
    nn.Module<Tensor, Tensor> D() => model == "mlp" ? MlpNetworks.Discriminator() : Dcgan.Discriminator(size);
    using var fusedG = G().to(device);
    using var fusedD = D().to(device);
    using var plainG = G().to(device);
    using var plainD = D().to(device);
    var fusedParameters = fusedG.parameters().Concat(fusedD.parameters()).ToArray();
    var plainParameters = plainG.parameters().Concat(plainD.parameters()).ToArray();
    foreach (var p in fusedParameters.Concat(plainParameters)) p.grad = randn_like(p).mul_(1e-3).DetachFromDisposeScope();
    using var fused = new Functional.Optimizers.FusedAdam(fusedParameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    using var plain = optim.Adam(plainParameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    // Each step in its own dispose scope, as in a training step: optim.Adam's temporaries would
    // otherwise pile up in this method's scope (gigabytes at 32 px) and every step would fault in
    // fresh pages.
    void Fused()
    {
        using var step = NewDisposeScope();
        fused.step();
    }
    void Plain()
    {
        using var step = NewDisposeScope();
        plain.step();
    }
    const int steps = 100;
    Measure.Run(Fused, 10, device);
    Measure.Run(Plain, 10, device);
    var f = new List<RunSample>();
    var a = new List<RunSample>();
    for (var r = 0; r < 7; r++)
    {
        if (r % 2 == 0) { f.Add(Measure.Run(Fused, steps, device)); a.Add(Measure.Run(Plain, steps, device)); }
        else { a.Add(Measure.Run(Plain, steps, device)); f.Add(Measure.Run(Fused, steps, device)); }
    }
    var fusedUs = Measure.Median(f.Select(s => s.MsPerStep * 1000));
    var adamUs = Measure.Median(a.Select(s => s.MsPerStep * 1000));
    return new Dictionary<string, object>
    {
        ["kind"] = "adam", ["model"] = model, ["size"] = size, ["parameters"] = fusedParameters.Length,
        ["fused_us"] = fusedUs, ["adam_us"] = adamUs, ["ratio"] = adamUs / fusedUs,
        ["fused_bytes"] = Measure.Median(f.Select(s => s.BytesPerStep)), ["adam_bytes"] = Measure.Median(a.Select(s => s.BytesPerStep)),
    };
}

/// <summary>The hand-written step backward to every leaf against backward to the trained network's parameters only, alternating.</summary>
static Dictionary<string, object> CompareBackward(Options o, Device device, int size, int batch)
{
    HandWrittenStep Make(bool only)
    {
        manual_seed(0);
        return o.Model == "mlp"
            ? new HandWrittenStep(MlpNetworks.Generator, MlpNetworks.Discriminator, MlpNetworks.LatentSize, device) { BackwardToTrainedOnly = only }
            : new HandWrittenStep(() => Dcgan.Generator(size, 128), () => Dcgan.Discriminator(size), 128, device) { BackwardToTrainedOnly = only };
    }
    using var every = Make(false);
    using var trained = Make(true);
    using var real = RealBatch(o.Model, device, size, batch);
    Measure.Run(() => every.Step(real), o.Warmup, device);
    Measure.Run(() => trained.Step(real), o.Warmup, device);
    var e = new List<double>();
    var t = new List<double>();
    for (var r = 0; r < o.Repeats; r++)
    {
        if (r % 2 == 0) { e.Add(Measure.Run(() => every.Step(real), o.Steps, device).MsPerStep); t.Add(Measure.Run(() => trained.Step(real), o.Steps, device).MsPerStep); }
        else { t.Add(Measure.Run(() => trained.Step(real), o.Steps, device).MsPerStep); e.Add(Measure.Run(() => every.Step(real), o.Steps, device).MsPerStep); }
    }
    var row = new Dictionary<string, object>
    {
        ["kind"] = "backward", ["model"] = o.Model, ["size"] = size, ["batch"] = batch,
        ["every_leaf_ms"] = Measure.Median(e), ["every_leaf_ms_spread"] = Measure.Spread(e),
        ["trained_only_ms"] = Measure.Median(t), ["trained_only_ms_spread"] = Measure.Spread(t),
        ["speedup"] = Measure.Median(e) / Measure.Median(t),
    };
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {o.Model} | {size} | {batch} | {row["every_leaf_ms"]:0.00} ± {row["every_leaf_ms_spread"]:0.00} | {row["trained_only_ms"]:0.00} ± {row["trained_only_ms_spread"]:0.00} | {row["speedup"]:0.00}× |"));
    return row;
}

/// <summary>The generated step with the divergence guard against the same step without it, alternating, medians of the repeats.</summary>
static Dictionary<string, object> CompareGuard(Options o, Device device, int size, int batch)
{
    using var guarded = Generated(o.Model, device, size, 0, guard: true);
    using var unguarded = Generated(o.Model, device, size, 0, guard: false);
    using var real = RealBatch(o.Model, device, size, batch);
    var data = new Batch(real);
    var On = Measure.Stepper(guarded, data);
    var Off = Measure.Stepper(unguarded, data);
    Measure.Run(On, o.Warmup, device);
    Measure.Run(Off, o.Warmup, device);
    var on = new List<RunSample>();
    var off = new List<RunSample>();
    for (var r = 0; r < o.Repeats; r++)
    {
        if (r % 2 == 0) { on.Add(Measure.Run(On, o.Steps, device)); off.Add(Measure.Run(Off, o.Steps, device)); }
        else { off.Add(Measure.Run(Off, o.Steps, device)); on.Add(Measure.Run(On, o.Steps, device)); }
    }
    var onMs = Measure.Median(on.Select(s => s.MsPerStep));
    var offMs = Measure.Median(off.Select(s => s.MsPerStep));
    var check = MeasureCheck(guarded, device, o.Repeats);
    return new Dictionary<string, object>
    {
        ["kind"] = "guard", ["model"] = o.Model, ["size"] = size, ["batch"] = batch,
        ["guard_on_ms"] = onMs, ["guard_on_ms_spread"] = Measure.Spread(on.Select(s => s.MsPerStep)),
        ["guard_off_ms"] = offMs, ["guard_off_ms_spread"] = Measure.Spread(off.Select(s => s.MsPerStep)),
        ["ratio"] = onMs / offMs,
        ["guard_on_bytes"] = Measure.Median(on.Select(s => s.BytesPerStep)),
        ["guard_off_bytes"] = Measure.Median(off.Select(s => s.BytesPerStep)),
        ["check_us"] = check,
        ["skipped"] = guarded.SkippedSteps,
    };
}

/// <summary>
/// The guard's own work in one step, alone: the total gradient norm and the loss read for each of
/// the two networks, over gradients left by the session's last step (µs, median of the repeats).
/// </summary>
static double MeasureCheck(GanSession session, Device device, int repeats)
{
    var parameters = session.Networks.Where(n => n.Name != "averaged_generator")
        .Select(n => n.Module.parameters().ToArray()).ToArray();
    using var loss = tensor(0.5f, device: device);
    var sink = 0.0;
    void Check()
    {
        foreach (var network in parameters) sink += DivergenceGuard.GradientNorm(network) + loss.ToDouble();
    }
    const int checks = 200;
    Measure.Run(Check, 20, device);
    var times = Enumerable.Range(0, repeats).Select(_ => Measure.Run(Check, checks, device).MsPerStep * 1000).ToList();
    return double.IsNaN(sink) ? double.NaN : Measure.Median(times);
}

static Dictionary<string, object> PrintOptimizers(Dictionary<string, object> adam)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Adam step alone over the {adam["model"]} generator and discriminator (size {adam["size"]}, {adam["parameters"]} tensors): FusedAdam {adam["fused_us"]:0.0} µs and {adam["fused_bytes"]:0} B, TorchSharp Adam {adam["adam_us"]:0.0} µs and {adam["adam_bytes"]:0} B ({adam["ratio"]:0.00}× faster)"));
    return adam;
}

static void GuardHeader()
{
    Console.WriteLine("| model | size | batch | guard off ms/step | guard on ms/step | on / off | the checks alone µs/step | guard off B/step | guard on B/step |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
}

static Dictionary<string, object> PrintGuard(Dictionary<string, object> row)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {row["model"]} | {row["size"]} | {row["batch"]} | {row["guard_off_ms"]:0.00} ± {row["guard_off_ms_spread"]:0.00} | {row["guard_on_ms"]:0.00} ± {row["guard_on_ms_spread"]:0.00} | {row["ratio"]:0.000}× | {row["check_us"]:0} | {row["guard_off_bytes"]:0} | {row["guard_on_bytes"]:0} |"));
    return row;
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
    var options = new SessionOptions(device, 0, DivergenceGuard: false);
    using var every = new DcganBench.Session(options, new DcganSize(size, 128));
    using var lazy = new DcganLazyBench.Session(options, new DcganSize(size, 128));
    using var real = RealBatch("dcgan", device, size, batch);
    var data = new Batch(real);
    var everyStep = Measure.Stepper(every, data);
    var lazyStep = Measure.Stepper(lazy, data);
    Measure.Run(everyStep, o.Warmup, device);
    Measure.Run(lazyStep, o.Warmup, device);
    var steps = Math.Max(o.Steps, 32);   // whole lazy periods
    var e = new List<double>();
    var l = new List<double>();
    for (var r = 0; r < o.Repeats; r++)
    {
        e.Add(Measure.Run(everyStep, steps, device).MsPerStep);
        l.Add(Measure.Run(lazyStep, steps, device).MsPerStep);
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
    var step = Measure.Stepper(session, data);
    for (var i = 1; i <= o.Soak; i++)
    {
        step();
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

sealed record Options(string Model, int[] Sizes, int[] Batches, int Steps, int Repeats, int Warmup, string Device, string? LibTorch, string? Out, int Soak, int Threads, bool GuardOnly, bool OptimizerOnly, bool TableOnly, string? Only, int[]? ThreadCounts, int[]? PeerThreads, string Python, string PeerScript, bool BackwardOnly, bool DataParallel = false)
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
            args.Contains("--out") ? Get("--out", "") : null, int.Parse(Get("--soak", "0")), int.Parse(Get("--threads", "0")), args.Contains("--guard-only"), args.Contains("--optimizer-only"), args.Contains("--table-only"), args.Contains("--only") ? Get("--only", "") : null,
            args.Contains("--threads-table") ? Ints(Get("--threads-table", "1,2")) : null,
            args.Contains("--peer") ? Ints(Get("--peer", "1,2")) : null, Get("--python", "/usr/bin/python3"),
            Get("--peer-script", "bench/reference/dcgan_step.py"), args.Contains("--backward-only"), args.Contains("--data-parallel"));
    }
}
