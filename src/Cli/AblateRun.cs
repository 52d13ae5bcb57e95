using System.Globalization;
using Functional.Native;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>What `ablate` was asked to do.</summary>
public sealed record AblateRequest(
    string Experiment,
    string Seeds,
    long Steps,
    int BatchSize,
    IReadOnlyList<string> Grid,
    string? Output,
    string Device,
    string? LibTorch,
    int? Threads = null);

/// <summary>
/// `ablate NAME`: the experiment's declared [Variants] (each trick off in turn), or a grid of
/// hyperparameter values, across seeds, through <see cref="Ablation.Run"/> into one folder
/// (results.csv, table.md, table.csv, ablation.png); a stopped ablation resumes there.
/// </summary>
public static class AblateRun
{
    public static int Execute(AblateRequest request, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        var valid = (TrainRun.Lookup(request.Experiment, experiments).Bind(e => Variants(e, request.Grid)),
                SeedList.Parse(request.Seeds),
                Check(request.Steps >= 1, $"--steps {request.Steps} is out of range: use 1 or more"),
                Check(request.BatchSize >= 1 && request.BatchSize <= 65_536, $"--batch-size {request.BatchSize} is out of range: use 1 to 65536"))
            .Apply((variants, seeds, _, _) => (variants, seeds));
        if (valid.IsFail)
        {
            foreach (var problem in valid.FailToSeq()) errors.WriteLine($"error: {problem.Message}");
            return ExitCodes.BadInput;
        }
        var (variants, seedList) = valid.SuccessToSeq().Head();
        var experiment = variants[0].Definition;

        var loaded = TorchRuntime.Initialize(request.LibTorch);
        if (loaded.IsFail) { errors.WriteLine($"error: {loaded.Match(_ => "", e => e.Message)}"); return ExitCodes.Environment; }
        var device = DeviceChoice.Resolve(request.Device);
        if (device.IsFail) { errors.WriteLine($"error: {device.Match(_ => "", e => e.Message)}"); return ExitCodes.Environment; }

        var folder = request.Output ?? Path.Combine("runs", $"ablate-{request.Experiment}");
        try { Directory.CreateDirectory(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: cannot create the ablation folder '{folder}': {e.Message}");
            return ExitCodes.BadInput;
        }

        var options = new SweepOptions(request.Steps, request.BatchSize, experiment.MetricSamples, (torch.Device)device);
        var threads = IntraOpThreads.Choose(request.Threads, () =>
        {
            using var probe = Trainer.CreateSession(experiment, new SessionOptions((torch.Device)device, seedList[0]));
            return LayerWork.Measure(probe, request.BatchSize);
        });
        if (threads.IsFail) { errors.WriteLine($"error: {threads.Match(_ => "", e => e.Message)}"); return ExitCodes.BadInput; }
        output.WriteLine($"Ablating {request.Experiment}: {variants.Count} variants × seeds {string.Join(",", seedList)}, {request.Steps} steps, batch {request.BatchSize} → {Path.GetFullPath(folder)}");
        TrainRun.UseThreads((ThreadChoice)threads, output);
        AblationReport report;
        try
        {
            report = Ablation.Run(variants, seedList, options, folder,
                run => output.WriteLine($"  {run.Variant}, seed {run.Seed}: {run.Metrics} ({run.Elapsed.TotalSeconds:0} s)"),
                cancellation);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // A results file from another ablation, or variants the runner refuses: said plainly, nothing overwritten.
            errors.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        output.WriteLine($"Trained {report.Trained.Count}, skipped {report.Skipped} already finished{(report.Cancelled ? "; stopped: run the same command again to resume" : "")}.");
        output.WriteLine();
        output.WriteLine(AblationTable.Markdown(report.Table));
        output.WriteLine($"Outputs: {Path.GetFullPath(folder)} ({Ablation.TableMarkdownFile}, {Ablation.TableCsvFile}, {Ablation.PlotFile}, {Ablation.ResultsFile})");
        return report.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
    }

    /// <summary>The grid's variants (every combination of the values, named by them) or, without a grid, the declared ones.</summary>
    public static Validation<Error, IReadOnlyList<AblationVariant>> Variants(ExperimentDefinition experiment, IReadOnlyList<string> grid)
    {
        if (grid.Count == 0)
        {
            if (experiment.Variants is { } declared) return Success<Error, IReadOnlyList<AblationVariant>>(declared());
            return Fail<Error, IReadOnlyList<AblationVariant>>(Error.New(
                $"experiment '{experiment.Name}' declares no [Variants]; give a grid instead, e.g. --grid r1_gamma=0,0.1,1"));
        }
        return grid.Select(Axis).ToSeq().Traverse(x => x)
            .Bind(axes => axes.Fold(Seq1(Seq<HyperparameterSetting>()), (combinations, axis) =>
                    combinations.Bind(c => axis.Map(setting => c.Add(setting))))
                .Map(combination => experiment.Configure(combination.ToArray())
                    .Map(configured => new AblationVariant(string.Join(", ", combination.Map(s => $"{s.Name}={s.Value}")), configured)))
                .Traverse(x => x))
            .Map(variants => (IReadOnlyList<AblationVariant>)variants.ToArray());
    }

    /// <summary>"name=v1,v2,…" as one setting per value.</summary>
    static Validation<Error, Seq<HyperparameterSetting>> Axis(string axis) =>
        HyperparameterSettings.Parse(axis, "--grid").Bind(setting =>
        {
            var values = setting.Value.Split(',', StringSplitOptions.TrimEntries);
            return values.Any(v => v.Length == 0)
                ? Fail<Error, Seq<HyperparameterSetting>>(Error.New($"--grid '{axis}' has an empty value; write name=v1,v2,…"))
                : Success<Error, Seq<HyperparameterSetting>>(values.Select(v => setting with { Value = v }).ToSeq());
        });

    static Validation<Error, Unit> Check(bool ok, string problem) =>
        ok ? Success<Error, Unit>(unit) : Fail<Error, Unit>(Error.New(problem));
}
