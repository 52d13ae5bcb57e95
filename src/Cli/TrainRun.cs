using System.Globalization;
using System.Text.Json;
using Functional.Data;
using Functional.Metrics;
using Functional.Native;
using Functional.Samples;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using Spectre.Console;
using TorchSharp;

namespace Functional.Cli;

/// <summary>`train`, `resume`, `sample` and `eval` as functions of their requests: check, set up, run, write the run folder.</summary>
public static class TrainRun
{
    public static int Execute(TrainRequest request, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, TextWriter errors, CancellationToken cancellation, IAnsiConsole? terminal = null)
    {
        // Every problem at once: the options, the experiment's name, and each hyperparameter setting.
        var (unreadable, settings) = request.Settings();
        var valid = (request.Validate(), Lookup(request.Experiment, experiments).Bind(e => e.Configure(settings)).Bind(e => ReadsFiles(e, request.Data)))
            .Apply((_, configured) => configured);
        var problems = unreadable + valid.FailToSeq();
        if (!problems.IsEmpty)
        {
            foreach (var problem in problems) errors.WriteLine($"error: {problem.Message}");
            return ExitCodes.BadInput;
        }
        var experiment = valid.SuccessToSeq().Head();
        var config = request.Config with
        {
            Hyperparameters = experiment.Hyperparameters is { } h ? HyperparameterSettings.ToJson(h) : null,
            Data = request.Data is null ? null : Path.GetFullPath(request.Data),
            BestMetric = request.BestMetric ?? experiment.BestMetric,
        };
        var device = Environment(request.LibTorch, config.Device, errors);
        if (device is null) return ExitCodes.Environment;

        // The data is opened and checked against the networks before anything is written.
        using var session = Trainer.CreateSession(experiment, new SessionOptions(device, config.Seed, config.Guarded));
        using var data = OpenData(experiment, session, new DataOptions(config.BatchSize, config.Seed, device, config.Data), errors);
        if (data is null) return ExitCodes.BadInput;
        var threads = IntraOpThreads.Choose(request.Threads, () => LayerWork.Measure(session, config.BatchSize));
        if (threads.IsFail) return Fail(errors, threads, ExitCodes.BadInput);
        config = config with { Threads = ((ThreadChoice)threads).Threads };
        var folder = RunFolder.Create(request.OutputRoot, experiment.Name, DateTime.Now);
        if (folder.IsFail) return Fail(errors, folder, ExitCodes.BadInput);
        var run = (RunFolder)folder;
        File.WriteAllText(run.File(RunConfig.FileName), config.ToJson());
        output.WriteLine($"Training {experiment.Name} on {DeviceName(device)} for {config.Steps} steps (batch {config.BatchSize}, seed {config.Seed}).");
        UseThreads((ThreadChoice)threads, output);
        if (experiment.Tricks.Count > 0) output.WriteLine($"Tricks: {string.Join("; ", experiment.Tricks)}");
        if (experiment.Hyperparameters is { } hyper)
            output.WriteLine($"Hyperparameters: {string.Join(", ", hyper.Current().Select(c => $"{c.Parameter.Name}={c.Value}"))}");
        var before = Trainer.Evaluate(session, experiment.MetricSamples);
        if (before.Count > 0) output.WriteLine($"Untrained: {before}");
        var best = BestMetric.Choose(config.BestMetric, before, experiment.Name);
        if (best.IsFail)
        {
            Directory.Delete(run.Path, recursive: true);
            return Fail(errors, best, ExitCodes.BadInput);
        }
        File.WriteAllText(run.File("untrained-metrics.json"), MetricsJson(before));
        if (config.Guarded && config.OnDivergence == RunConfig.Rollback)
        {
            // Something to roll back to before the first periodic checkpoint.
            var first = new Checkpoints(run.Path, config.Keep).Save(session, data, experiment.Name, config.ToJson());
            if (first.IsFail) return Fail(errors, first, ExitCodes.TrainingFailed);
        }
        return Continue(run, config, experiment, session, data, before, output, cancellation, terminal);
    }

    public static int Resume(string runFolder, string? libTorch, string? deviceOverride, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, TextWriter errors, CancellationToken cancellation, IAnsiConsole? terminal = null, int? threadsOverride = null)
    {
        var opened = Open(runFolder, libTorch, deviceOverride, experiments, errors);
        if (opened.Code != ExitCodes.Ok) return opened.Code;
        var (run, config, experiment, session, data, header) = opened.Value!.Value;
        using (session)
        using (data)
        {
            // The run's own thread count, unless told otherwise: on the CPU a different count can round differently.
            var threads = IntraOpThreads.Choose(threadsOverride ?? config.Threads, () => LayerWork.Measure(session, config.BatchSize));
            if (threads.IsFail) return Fail(errors, threads, ExitCodes.BadInput);
            output.WriteLine($"Resuming {experiment.Name} at step {header.DiscriminatorSteps} of {config.Steps} from {run.Path}.");
            UseThreads(threadsOverride is null && config.Threads is { } recorded ? new ThreadChoice(recorded, "the run's own") : (ThreadChoice)threads, output);
            var before = ReadMetrics(run.File("untrained-metrics.json"));
            return Continue(run, config, experiment, session, data, before, output, cancellation, terminal);
        }
    }

    public static int Sample(string runFolder, int count, string? libTorch, string? deviceOverride, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, TextWriter errors)
    {
        if (count < 1) { errors.WriteLine($"error: --count {count} is out of range: use 1 or more"); return ExitCodes.BadInput; }
        var opened = Open(runFolder, libTorch, deviceOverride, experiments, errors);
        if (opened.Code != ExitCodes.Ok) return opened.Code;
        var (run, _, experiment, session, data, header) = opened.Value!.Value;
        using (session)
        using (data)
        using (var scope = torch.NewDisposeScope())
        {
            if (!session.CanSample)
            {
                errors.WriteLine($"error: {experiment.Name} translates a source batch; it has no unconditional samples to write.");
                return ExitCodes.BadInput;
            }
            // Conditional experiments cycle the labels 0, 1, …, so a grid with a column per class has one class per column.
            var samples = session.Sample(count).cpu();
            var stem = run.File($"samples-step{header.DiscriminatorSteps}-{DateTime.Now:yyyyMMdd-HHmmss}");
            var written = samples.dim() == 4
                ? SampleExport.PngGrid(samples, stem + ".png", experiment.Classes > 0 ? experiment.Classes : (int)Math.Ceiling(Math.Sqrt(count)))
                    .Bind(_ => SampleExport.TensorFile(samples, stem + ".npy"))
                    .Map(_ => $"{stem}.png (grid{(experiment.Classes > 0 ? ", a column per class" : "")}) and {stem}.npy ([{string.Join(", ", samples.shape)}], values in [-1, 1])")
                : SampleExport.Csv(samples, stem + ".csv").Map(_ => $"{stem}.csv");
            if (written.IsFail) return Fail(errors, written, ExitCodes.BadInput);
            output.WriteLine($"Wrote {count} samples (averaged generator) to {written.Match(x => x, _ => "")}");
            return ExitCodes.Ok;
        }
    }

    public static int Evaluate(string runFolder, string? libTorch, string? deviceOverride, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, TextWriter errors)
    {
        var opened = Open(runFolder, libTorch, deviceOverride, experiments, errors);
        if (opened.Code != ExitCodes.Ok) return opened.Code;
        var (_, _, experiment, session, data, header) = opened.Value!.Value;
        using (session)
        using (data)
        {
            var metrics = Trainer.Evaluate(session, experiment.MetricSamples);
            output.WriteLine($"{experiment.Name} at step {header.DiscriminatorSteps} ({experiment.MetricSamples} samples, averaged generator): {metrics}");
            return ExitCodes.Ok;
        }
    }

    readonly record struct Opened(RunFolder Run, RunConfig Config, ExperimentDefinition Experiment, GanSession Session, IBatchSource Data, CheckpointHeader Header);

    /// <summary>A run folder's configuration, its experiment, and a session restored from its latest checkpoint.</summary>
    static (int Code, Opened? Value) Open(string runFolder, string? libTorch, string? deviceOverride, IReadOnlyList<ExperimentDefinition> experiments, TextWriter errors)
    {
        var config = RunConfig.Read(runFolder);
        if (config.IsFail) return (Fail(errors, config, ExitCodes.BadInput), null);
        var c = (RunConfig)config;
        var found = (Lookup(c.Experiment, experiments), c.Settings(runFolder))
            .Apply((e, settings) => (e, settings))
            .Bind(x => x.e.Configure(x.settings.ToArray()));
        if (found.IsFail)
        {
            foreach (var problem in found.FailToSeq()) errors.WriteLine($"error: {problem.Message}");
            return (ExitCodes.BadInput, null);
        }
        var experiment = found.SuccessToSeq().Head();
        var latest = Checkpoints.Latest(runFolder);
        if (latest.IsFail) return (Fail(errors, latest, ExitCodes.BadInput), null);
        var device = Environment(libTorch, deviceOverride ?? c.Device, errors);
        if (device is null) return (ExitCodes.Environment, null);
        var session = Trainer.CreateSession(experiment, new SessionOptions(device, c.Seed, c.Guarded));
        var data = OpenData(experiment, session, new DataOptions(c.BatchSize, c.Seed, device, c.Data), errors);
        if (data is null)
        {
            session.Dispose();
            return (ExitCodes.BadInput, null);
        }
        var header = Checkpoint.Load(session, data, experiment.Name, (string)latest);
        if (header.IsFail)
        {
            session.Dispose();
            data.Dispose();
            return (Fail(errors, header, ExitCodes.BadInput), null);
        }
        return (ExitCodes.Ok, new Opened(new RunFolder(Path.GetFullPath(runFolder)), c, experiment, session, data, (CheckpointHeader)header));
    }

    static int Continue(RunFolder run, RunConfig config, ExperimentDefinition experiment, GanSession session, IBatchSource data, MetricSet before, TextWriter output, CancellationToken cancellation, IAnsiConsole? terminal)
    {
        var remaining = config.Steps - session.DiscriminatorSteps;
        var checkpoints = new Checkpoints(run.Path, config.Keep);
        var configuration = config.ToJson();
        string? failure = null;
        var checkpointDue = false;
        output.WriteLine(GuardLine(config));
        var best = BestMetric.Choose(config.BestMetric, before, experiment.Name);
        var outputs = RunOutputs.Open(run, experiment, session, data, before, best.IfFail(Option<BestMetric>.None), configuration);
        var display = ProgressDisplay.For(terminal, output);
        using var metricsLog = new StreamWriter(run.File("metrics.jsonl"), append: true);
        var report = display.Show(experiment.Name, session.DiscriminatorSteps, config.Steps, () => Trainer.Train(session, data,
            new TrainingOptions(Math.Max(0, remaining), config.LogEvery, config.EvaluateEvery, experiment.MetricSamples, config.Divergence),
            progress =>
            {
                display.Report(progress);
                metricsLog.WriteLine(JsonLine(progress));
                metricsLog.Flush();
                outputs.Record(progress);
            },
            cancellation,
            afterStep: step =>
            {
                display.Step(step);
                // A checkpoint is only written between good updates, so that the latest one is a good one to roll back to.
                checkpointDue |= config.CheckpointEvery > 0 && step % config.CheckpointEvery == 0;
                if (failure is null && checkpointDue && step < config.Steps && session.ConsecutiveSkips == 0)
                {
                    checkpointDue = false;
                    failure = checkpoints.Save(session, data, experiment.Name, configuration).Match(_ => (string?)null, e => e.Message);
                }
            },
            rollback: config.OnDivergence == RunConfig.Rollback
                ? () => Checkpoints.Latest(run.Path).Bind(path => Checkpoint.Load(session, data, experiment.Name, path)).Map(_ => LanguageExt.Prelude.unit)
                : null,
            onDivergence: notice =>
            {
                if (notice.Kind != DivergenceNoticeKind.Stopped) output.WriteLine(notice.Message);   // a stop is the run's last line
                // The checkpoint rolled back to, saved again with the lowered learning rates, so that `resume` keeps them.
                if (notice.Kind == DivergenceNoticeKind.RolledBack && failure is null)
                    failure = checkpoints.Save(session, data, experiment.Name, configuration).Match(_ => (string?)null, e => e.Message);
            }));
        // A run stopped for divergence leaves its last good checkpoint as the latest one.
        if (report.Divergence is null)
        {
            var saved = checkpoints.Save(session, data, experiment.Name, configuration);
            failure ??= saved.Match(_ => (string?)null, e => e.Message);
        }

        var after = Trainer.Evaluate(session, experiment.MetricSamples);
        WriteFinalSamples(run.File("samples.csv"), session, experiment.MetricSamples).IfFail(e => output.WriteLine($"warning: {e.Message}"));
        outputs.Finish();
        WriteSummary(run, experiment, config, session, report, before, after);
        File.AppendAllText(run.File("summary.md"), outputs.Summary());
        foreach (var problem in outputs.Problems) output.WriteLine($"warning: {problem}");
        best.IfFail(e => output.WriteLine($"warning: no best checkpoint: {e.Message}"));
        output.WriteLine(report.Divergence is not null
            ? $"Stopped for divergence at step {session.DiscriminatorSteps} of {config.Steps}; the latest checkpoint is the last good one: {LatestName(run)}"
            : report.Cancelled
            ? $"Stopped at step {session.DiscriminatorSteps}; continue with: resume {run.Path}"
            : $"Done: step {session.DiscriminatorSteps} of {config.Steps} ({report.Elapsed.TotalSeconds:0.0} s).");
        if (report.SkippedSteps > 0 || report.Rollbacks > 0)
            output.WriteLine($"Divergence guard: {report.SkippedSteps} updates skipped, {report.Rollbacks} rollbacks.");
        if (after.Count > 0) output.WriteLine($"Metrics ({experiment.MetricSamples} samples, averaged generator where the experiment keeps one): {after}");
        output.WriteLine($"Outputs: {run.Path}");
        if (failure is not null)
        {
            output.WriteLine($"error: {failure}");
            return ExitCodes.TrainingFailed;
        }
        if (report.Divergence is { } divergence)
        {
            output.WriteLine($"error: {divergence.Message}");
            return ExitCodes.TrainingFailed;
        }
        return report.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
    }

    /// <summary>Sets libtorch's intra-op threads and says how many, and how they wait.</summary>
    internal static void UseThreads(ThreadChoice choice, TextWriter output)
    {
        IntraOpThreads.Apply(choice);
        output.WriteLine($"Threads: {choice}; OpenMP waiting: {TorchRuntime.WaitPolicy?.ToString() ?? "libgomp's default"}.");
    }

    static string GuardLine(RunConfig config) =>
        !config.Guarded ? "Divergence guard: off (--max-skips 0)."
        : config.OnDivergence == RunConfig.Rollback
            ? string.Create(CultureInfo.InvariantCulture,
                $"Divergence guard: after {config.MaxSkips} skipped updates of one network in a row, roll back to the latest checkpoint with learning rates ×{config.RollbackLearningRateFactor}, at most {config.MaxRollbacks} times, then stop.")
            : $"Divergence guard: after {config.MaxSkips} skipped updates of one network in a row, stop.";

    static string LatestName(RunFolder run) =>
        Checkpoints.Latest(run.Path).Match(path => Path.GetRelativePath(run.Path, path), _ => "none (it diverged before the first one)");


    /// <summary>The experiment's data, opened and checked against the session's networks; null after saying what is wrong.</summary>
    static IBatchSource? OpenData(ExperimentDefinition experiment, GanSession session, DataOptions options, TextWriter errors)
    {
        IBatchSource data;
        try { data = experiment.CreateData!(options); }
        catch (DataException e)
        {
            errors.WriteLine($"error: data: {e.Message}");
            return null;
        }
        var fits = Trainer.CheckData(experiment, session, data);
        if (fits.IsSucc) return data;
        data.Dispose();
        errors.WriteLine($"error: data: {fits.Match(_ => "", e => e.Message)}");
        return null;
    }

    static Validation<Error, ExperimentDefinition> ReadsFiles(ExperimentDefinition experiment, string? data) =>
        data is null || experiment.DataReadsFiles
            ? Prelude.Success<Error, ExperimentDefinition>(experiment)
            : Prelude.Fail<Error, ExperimentDefinition>(Error.New($"--data: experiment '{experiment.Name}' makes its own data and reads no files"));

    /// <summary>The experiment called <paramref name="name"/>, if it exists and has default data.</summary>
    public static Validation<Error, ExperimentDefinition> Lookup(string name, IReadOnlyList<ExperimentDefinition> experiments)
    {
        var experiment = experiments.FirstOrDefault(e => e.Name == name);
        if (experiment is null)
            return Prelude.Fail<Error, ExperimentDefinition>(Error.New($"unknown experiment '{name}'; known: {string.Join(", ", experiments.Select(e => e.Name))} (see 'list')."));
        if (experiment.CreateData is null)
            return Prelude.Fail<Error, ExperimentDefinition>(Error.New($"experiment '{experiment.Name}' declares no [Data] source."));
        return Prelude.Success<Error, ExperimentDefinition>(experiment);
    }

    static torch.Device? Environment(string? libTorch, string device, TextWriter errors)
    {
        var loaded = TorchRuntime.Initialize(libTorch);
        if (loaded.IsFail) { Fail(errors, loaded, 0); return null; }
        var resolved = DeviceChoice.Resolve(device);
        if (resolved.IsFail) { Fail(errors, resolved, 0); return null; }
        return (torch.Device)resolved;
    }

    static int Fail<T>(TextWriter errors, Fin<T> failed, int code)
    {
        errors.WriteLine($"error: {failed.Match(_ => "", e => e.Message)}");
        return code;
    }

    static string DeviceName(torch.Device device) => device.type.ToString().ToLowerInvariant();

    static string JsonLine(TrainingProgress p)
    {
        var record = new Dictionary<string, object?>
        {
            ["step"] = p.Step,
            ["d_loss"] = Finite(p.Losses.Discriminator),
            ["g_loss"] = Finite(p.Losses.Generator),
            ["penalty"] = Finite(p.Losses.Penalty),
            ["steps_per_s"] = Math.Round(p.StepsPerSecond, 2),
            ["skipped"] = p.SkippedSteps,
        };
        if (p.Metrics is { } metrics)
            foreach (var m in metrics) record[m.Name] = m.Value;
        return JsonSerializer.Serialize(record);
    }

    static double? Finite(double value) => double.IsFinite(value) ? value : null;

    static string MetricsJson(MetricSet metrics) =>
        JsonSerializer.Serialize(metrics.Select(m => new { name = m.Name, value = m.Value, higher_is_better = m.HigherIsBetter }));

    static MetricSet ReadMetrics(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return new MetricSet(document.RootElement.EnumerateArray()
                .Select(e => new Metric(e.GetProperty("name").GetString()!, e.GetProperty("value").GetDouble(), e.GetProperty("higher_is_better").GetBoolean()))
                .ToList());
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return MetricSet.Empty;
        }
    }

    /// <summary>The final samples as CSV when they are 2-D points; image runs have their pictures (and `sample` writes .npy).</summary>
    static Fin<Unit> WriteFinalSamples(string path, GanSession session, int count)
    {
        if (!session.CanSample) return Prelude.unit;
        using var scope = torch.NewDisposeScope();
        var samples = session.Sample(count);
        return samples.dim() == 2 && samples.size(1) == 2 ? SampleExport.Csv(samples, path) : Prelude.unit;
    }

    static void WriteSummary(RunFolder run, ExperimentDefinition experiment, RunConfig config, GanSession session, TrainingReport report, MetricSet before, MetricSet after)
    {
        using var w = new StreamWriter(run.File("summary.md"));
        w.WriteLine($"# {experiment.Name}");
        w.WriteLine();
        w.WriteLine(experiment.Description);
        w.WriteLine();
        w.WriteLine($"- steps: {session.DiscriminatorSteps} of {config.Steps}{(report.Cancelled ? " (stopped early; `resume` continues)" : "")}, batch {config.BatchSize}, seed {config.Seed}");
        w.WriteLine($"- time of the last session: {report.Elapsed.TotalSeconds:0.0} s");
        w.WriteLine($"- tricks: {(experiment.Tricks.Count == 0 ? "none" : string.Join("; ", experiment.Tricks))}");
        w.WriteLine($"- divergence guard: {(config.Guarded ? $"{report.SkippedSteps} updates skipped, {report.Rollbacks} rollbacks in the last session ({session.SkippedSteps} skipped in the weights' history)" : "off")}");
        if (report.Divergence is { } divergence) w.WriteLine($"- stopped: {divergence.Message}");
        if (after.Count == 0) return;
        w.WriteLine();
        w.WriteLine("| metric | untrained | trained |");
        w.WriteLine("|---|---|---|");
        for (var i = 0; i < after.Count; i++)
        {
            var untrained = i < before.Count ? before[i].Value.ToString("0.####", CultureInfo.InvariantCulture) : "–";
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {after[i].Name} | {untrained} | {after[i].Value:0.####} |"));
        }
    }
}
