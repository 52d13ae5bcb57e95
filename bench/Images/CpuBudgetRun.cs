using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Functional.Data;
using Functional.Metrics;
using Functional.Samples;
using Functional.Training;
using TorchSharp;
using DeviceType = TorchSharp.DeviceType;

namespace Functional.Bench.Images;

/// <summary>
/// Trains one experiment until its training has used each of a list of time budgets, and evaluates
/// it at each: one results line and one sample grid per budget. On the CPU the budget is the
/// process's CPU time spent inside <see cref="Trainer.Train"/> (building the metrics' judge and
/// evaluating do not count): with one libtorch thread that is what the run costs whatever else
/// shares the machine. On a GPU it is the wall-clock time inside Train.
/// </summary>
internal static class CpuBudgetRun
{
    /// <summary>Steps between looks at the CPU clock.</summary>
    const int Check = 10;

    public static void Run(ExperimentDefinition experiment, IReadOnlyList<HyperparameterSetting> settings, long seed, int batchSize,
        IReadOnlyList<double> budgetMinutes, string folder, string label, CancellationToken stop, bool evaluate = true, torch.Device? device = null, string? dataPath = null, bool untrained = true)
    {
        Directory.CreateDirectory(folder);
        var configured = experiment.Configure(settings).Match(e => e, errors => throw new ArgumentException(string.Join("; ", errors.Select(e => e.Message))));
        var process = Process.GetCurrentProcess();
        var on = device ?? torch.CPU;
        var wallClock = on.type != DeviceType.CPU;
        using var session = Trainer.CreateSession(configured, new SessionOptions(on, seed));
        using var data = configured.CreateData!(new DataOptions(batchSize, seed, on, dataPath));
        TimeSpan Clock()
        {
            process.Refresh();
            return wallClock ? TimeSpan.FromTicks(Stopwatch.GetTimestamp() * TimeSpan.TicksPerSecond / Stopwatch.Frequency) : process.TotalProcessorTime;
        }

        var wall = Stopwatch.StartNew();
        if (evaluate && untrained)
        {
            var cpuBefore = process.TotalProcessorTime;
            var before = Trainer.Evaluate(session, configured.MetricSamples, data: data);
            Console.Error.WriteLine($"{label}: judge built and untrained evaluation in {(process.TotalProcessorTime - cpuBefore).TotalSeconds:0} CPU s: {before}");
            Write(folder, label, seed, 0, 0, 0, before, session);
        }

        var training = TimeSpan.Zero;
        foreach (var minutes in budgetMinutes)
        {
            var budget = TimeSpan.FromMinutes(minutes);
            // Trains until the budget is spent: a check of the process's CPU time every few steps
            // stops Train (stopped, it neither logs nor evaluates).
            using var spent = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var start = Clock();
            var before = training;
            Trainer.Train(session, data, new TrainingOptions(100_000_000, LogEvery: 0), cancellation: spent.Token, afterStep: step =>
            {
                if (step % Check != 0) return;
                training = before + (Clock() - start);
                if (training >= budget) spent.Cancel();
            });
            if (stop.IsCancellationRequested) return;
            var metrics = evaluate ? Trainer.Evaluate(session, configured.MetricSamples, data: data) : MetricSet.Empty;
            Console.Error.WriteLine($"{label}: {minutes} {(wallClock ? "GPU" : "CPU")} min ({training.TotalSeconds:0} s, step {session.DiscriminatorSteps}, wall {wall.Elapsed.TotalMinutes:0.0} min): {metrics}"
                + (session.Augmentation is { } a ? $" p {a.Probability:0.000} r_t {a.Signal:0.00}" : ""));
            Write(folder, label, seed, minutes, training.TotalSeconds, session.DiscriminatorSteps, metrics, session);
            using var scope = torch.NewDisposeScope();
            var picture = Path.Combine(folder, $"{label}-seed{seed}-{minutes}min.png");
            if (session.CanSample)
                // Ten per class in columns, as CycleLabels gives 0, 1, …, 9, 0, 1, …
                SampleExport.PngGrid(session.Sample(100), picture, columns: Math.Max(1, Math.Min(10, configured.Classes == 0 ? 10 : configured.Classes)))
                    .IfFail(error => throw new IOException(error.Message));
            else
                // A translating experiment (glyphs-wnet): held-out pairs, each row content, style, output, truth, twice.
                SamplePicture.Write(session, data, label, picture).IfFail(error => throw new IOException(error.Message));
        }
    }

    static void Write(string folder, string label, long seed, double minutes, double cpuSeconds, long steps, MetricSet metrics, GanSession session)
    {
        var line = new Dictionary<string, object?>
        {
            ["run"] = label,
            ["seed"] = seed,
            ["minutes"] = minutes,
            ["clock"] = session.Device.type == DeviceType.CPU ? "process CPU" : "wall",
            ["training_s"] = Math.Round(cpuSeconds, 1),
            ["steps"] = steps,
            ["augment_p"] = session.Augmentation?.Probability,
            ["r_t"] = session.Augmentation?.Signal,
        };
        foreach (var metric in metrics) line[metric.Name] = metric.Value;
        File.AppendAllText(Path.Combine(folder, "results.jsonl"), JsonSerializer.Serialize(line) + Environment.NewLine);
    }

    /// <summary>"a=1,b=2" as settings.</summary>
    public static IReadOnlyList<HyperparameterSetting> Settings(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2) is [var name, var value] ? new HyperparameterSetting(name, value, "--set") : throw new ArgumentException($"'{pair}' is not name=value"))
            .ToArray();

    public static double[] Minutes(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(m => double.Parse(m, CultureInfo.InvariantCulture)).Order().ToArray();
}
