// Training and sampling from another .NET app through the library API alone: no CLI.
using Functional.Data;
using Functional.Embedding;
using Functional.Native;
using Functional.Training;
using static TorchSharp.torch;

TorchRuntime.EnsureLoaded();                            // one clear exception if libtorch cannot load
var steps = args.Length > 0 && long.TryParse(args[0], out var n) ? n : 2000;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };   // stop after the current step

var experiment = SmallRing.Definition;                  // or Functional.Generated.ExperimentRegistry.All
using var session = Trainer.CreateSession(experiment, new SessionOptions(CPU, Seed: 1));
using var data = experiment.CreateData!(new DataOptions(BatchSize: 256, Seed: 1, CPU));

var report = Trainer.Train(session, data, new TrainingOptions(steps, LogEvery: 250, EvaluateEvery: 1000),
    onProgress: p => Console.WriteLine($"step {p.Step}: D {p.Losses.Discriminator:0.000}, G {p.Losses.Generator:0.000}, {p.StepsPerSecond:0} steps/s {p.Metrics}"),
    cancellation: cancellation.Token);

using (NewDisposeScope())
{
    var samples = session.Sample(5);                    // the averaged generator
    Console.WriteLine($"{report.StepsDone} steps{(report.Cancelled ? " (cancelled)" : "")}; five samples:");
    Console.WriteLine(samples.ToString(TorchSharp.TensorStringStyle.Numpy));
    Console.WriteLine($"metrics: {session.Evaluate(session.Sample(2500))}");
}
