// Trains the experiment for the given number of steps and prints one line that the test reads.
using System.Globalization;
using Functional.Consumer;
using Functional.Data;
using Functional.Native;
using Functional.Training;
using static TorchSharp.torch;

TorchRuntime.EnsureLoaded();
var steps = int.Parse(args[0], CultureInfo.InvariantCulture);

var experiment = TinyRing.Definition;
using var session = Trainer.CreateSession(experiment, new SessionOptions(CPU, Seed: 0));
using var data = experiment.CreateData!(new DataOptions(BatchSize: 64, Seed: 0, CPU));
var report = Trainer.Train(session, data, new TrainingOptions(steps, LogEvery: steps));

var losses = report.Log[^1].Losses;
var registry = string.Join(",", Functional.Generated.ExperimentRegistry.All.Select(e => e.Name));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"consumer: session={session.GetType().FullName} registry={registry} steps={report.StepsDone} discriminator-steps={session.DiscriminatorSteps} d-loss={losses.Discriminator:R} g-loss={losses.Generator:R}"));
