using System.Globalization;
using System.Text.Json;
using Functional.Data;
using Functional.Metrics;
using Functional.Native;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp;

namespace Functional.Cli;

/// <summary>The `train` command as a function of its request: validate, set up, train, write the run folder.</summary>
public static class TrainRun
{
    public static int Execute(TrainRequest request, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        var valid = request.Validate();
        if (valid.IsFail)
        {
            foreach (var problem in valid.FailToSeq()) errors.WriteLine($"error: {problem.Message}");
            return ExitCodes.BadInput;
        }
        var experiment = experiments.FirstOrDefault(e => e.Name == request.Experiment);
        if (experiment is null)
        {
            errors.WriteLine($"error: unknown experiment '{request.Experiment}'; known: {string.Join(", ", experiments.Select(e => e.Name))} (see 'list').");
            return ExitCodes.BadInput;
        }
        if (experiment.CreateData is null)
        {
            errors.WriteLine($"error: experiment '{experiment.Name}' declares no [Data] source.");
            return ExitCodes.BadInput;
        }
        var loaded = TorchRuntime.Initialize(request.LibTorch);
        if (loaded.IsFail)
        {
            errors.WriteLine($"error: {loaded.Match(_ => "", e => e.Message)}");
            return ExitCodes.Environment;
        }
        var device = DeviceChoice.Resolve(request.Device);
        if (device.IsFail)
        {
            errors.WriteLine($"error: {device.Match(_ => "", e => e.Message)}");
            return ExitCodes.Environment;
        }
        var folder = RunFolder.Create(request.OutputRoot, experiment.Name, DateTime.Now);
        if (folder.IsFail)
        {
            errors.WriteLine($"error: {folder.Match(_ => "", e => e.Message)}");
            return ExitCodes.BadInput;
        }
        return Train(request, experiment, (torch.Device)device, (RunFolder)folder, output, cancellation);
    }

    static int Train(TrainRequest request, ExperimentDefinition experiment, torch.Device device, RunFolder folder, TextWriter output, CancellationToken cancellation)
    {
        using var session = Trainer.CreateSession(experiment, new SessionOptions(device, request.Seed));
        using var data = experiment.CreateData!(new DataOptions(request.BatchSize, request.Seed, device));
        WriteConfig(folder, request, experiment, device);

        output.WriteLine($"Training {experiment.Name} on {device.type.ToString().ToLowerInvariant()} for {request.Steps} steps (batch {request.BatchSize}, seed {request.Seed}).");
        if (experiment.Tricks.Count > 0) output.WriteLine($"Tricks: {string.Join("; ", experiment.Tricks)}");
        var before = Trainer.Evaluate(session, experiment.MetricSamples);
        if (before.Count > 0) output.WriteLine($"Untrained: {before}");

        using var metricsLog = new StreamWriter(folder.File("metrics.jsonl"));
        var report = Trainer.Train(session, data,
            new TrainingOptions(request.Steps, request.LogEvery, request.EvaluateEvery, experiment.MetricSamples),
            progress =>
            {
                output.WriteLine(ProgressLine(progress));
                metricsLog.WriteLine(JsonLine(progress));
                metricsLog.Flush();
            },
            cancellation);

        var after = Trainer.Evaluate(session, experiment.MetricSamples);
        WriteSamples(folder, session, experiment.MetricSamples);
        WriteSummary(folder, experiment, request, report, before, after);
        output.WriteLine(report.Cancelled
            ? $"Stopped after {report.StepsDone} steps ({report.Elapsed.TotalSeconds:0.0} s)."
            : $"Done: {report.StepsDone} steps in {report.Elapsed.TotalSeconds:0.0} s.");
        if (after.Count > 0) output.WriteLine($"Metrics (averaged generator where the experiment keeps one): {after}");
        output.WriteLine($"Outputs: {folder.Path}");
        return report.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
    }

    static string ProgressLine(TrainingProgress p)
    {
        var remaining = p.StepsPerSecond > 0 ? TimeSpan.FromSeconds((p.TotalSteps - p.Step) / p.StepsPerSecond) : TimeSpan.Zero;
        var line = $"step {p.Step,7}/{p.TotalSteps}  D {p.Losses.Discriminator,8:0.0000}  G {p.Losses.Generator,8:0.0000}";
        if (!double.IsNaN(p.Losses.Penalty)) line += $"  penalty {p.Losses.Penalty:0.0000}";
        line += $"  {p.StepsPerSecond,7:0.0} steps/s  ETA {remaining:m\\:ss}";
        if (p.Metrics is { Count: > 0 } m) line += $"  | {m}";
        return line;
    }

    static string JsonLine(TrainingProgress p)
    {
        var record = new Dictionary<string, object?>
        {
            ["step"] = p.Step,
            ["d_loss"] = Finite(p.Losses.Discriminator),
            ["g_loss"] = Finite(p.Losses.Generator),
            ["penalty"] = Finite(p.Losses.Penalty),
            ["steps_per_s"] = Math.Round(p.StepsPerSecond, 2),
        };
        if (p.Metrics is { } metrics)
            foreach (var m in metrics) record[m.Name] = m.Value;
        return JsonSerializer.Serialize(record);
    }

    static double? Finite(double value) => double.IsFinite(value) ? value : null;

    static void WriteConfig(RunFolder folder, TrainRequest request, ExperimentDefinition experiment, torch.Device device)
    {
        var config = new
        {
            experiment = experiment.Name,
            description = experiment.Description,
            tricks = experiment.Tricks,
            steps = request.Steps,
            batch_size = request.BatchSize,
            seed = request.Seed,
            device = device.ToString(),
            log_every = request.LogEvery,
            eval_every = request.EvaluateEvery,
            started = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        };
        File.WriteAllText(folder.File("config.json"), JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
    }

    static void WriteSamples(RunFolder folder, GanSession session, int count)
    {
        using var scope = torch.NewDisposeScope();
        var samples = session.Sample(count).cpu();
        if (samples.dim() != 2 || samples.size(1) != 2) return;
        var values = samples.to_type(torch.ScalarType.Float32).data<float>().ToArray();
        using var writer = new StreamWriter(folder.File("samples.csv"));
        writer.WriteLine("x,y");
        for (var i = 0; i < values.Length; i += 2)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{values[i]},{values[i + 1]}"));
    }

    static void WriteSummary(RunFolder folder, ExperimentDefinition experiment, TrainRequest request, TrainingReport report, MetricSet before, MetricSet after)
    {
        using var w = new StreamWriter(folder.File("summary.md"));
        w.WriteLine($"# {experiment.Name}");
        w.WriteLine();
        w.WriteLine(experiment.Description);
        w.WriteLine();
        w.WriteLine($"- steps: {report.StepsDone}{(report.Cancelled ? " (stopped early)" : "")}, batch {request.BatchSize}, seed {request.Seed}");
        w.WriteLine($"- time: {report.Elapsed.TotalSeconds:0.0} s");
        w.WriteLine($"- tricks: {(experiment.Tricks.Count == 0 ? "none" : string.Join("; ", experiment.Tricks))}");
        if (after.Count == 0) return;
        w.WriteLine();
        w.WriteLine("| metric | untrained | trained |");
        w.WriteLine("|---|---|---|");
        for (var i = 0; i < after.Count; i++)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {after[i].Name} | {before[i].Value:0.####} | {after[i].Value:0.####} |"));
    }
}
