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
    int? Threads = null,
    IReadOnlyList<string>? Sets = null);

/// <summary>
/// `ablate NAME`: the experiment's declared [Variants] (each trick off in turn), or a grid of
/// hyperparameter values, across seeds, through <see cref="Ablation.Run"/> into one folder
/// (results.csv, table.md, table.csv, ablation.png); a stopped ablation resumes there.
/// </summary>
public static class AblateCommand
{
    public static int Run(AblateRequest request, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, TextWriter errors, CancellationToken cancellation) =>
        Failure.Exit(Ablate(request, experiments, output, cancellation), output, errors);

    static Fin<int> Ablate(AblateRequest request, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, CancellationToken cancellation) =>
        from valid in (ExperimentLookup.Find(request.Experiment, experiments).Bind(e => Variants(e, request.Grid).Bind(v => Set(e, v, request.Sets ?? []))),
                SeedList.Parse(request.Seeds),
                Check(request.Steps >= 1, $"--steps {request.Steps} is out of range: use 1 or more"),
                Check(request.BatchSize >= 1 && request.BatchSize <= 65_536, $"--batch-size {request.BatchSize} is out of range: use 1 to 65536"))
            .Apply((variants, seeds, _, _) => (Variants: variants, Seeds: seeds))
            .ToFin()
        from device in TorchEnvironment.Open(request.LibTorch, request.Device)
        let folder = request.Output ?? Path.Combine("runs", $"ablate-{request.Experiment}")
        from _ in Folder(folder)
        from threads in Threads(request, valid.Variants[0].Definition, valid.Seeds[0], device)
        from code in Sweep(request, valid.Variants, valid.Seeds, device, threads, folder, output, cancellation)
        select code;

    static Fin<ThreadChoice> Threads(AblateRequest request, ExperimentDefinition experiment, long seed, torch.Device device) =>
        IntraOpThreads.Choose(request.Threads, () =>
        {
            using var probe = Trainer.CreateSession(experiment, new SessionOptions(device, seed));
            return LayerWork.Measure(probe, request.BatchSize);
        }).AsBadInput();

    static Fin<Unit> Folder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return unit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failure.BadInput($"cannot create the ablation folder '{folder}': {e.Message}");
        }
    }

    static Fin<int> Sweep(AblateRequest request, IReadOnlyList<AblationVariant> variants, IReadOnlyList<long> seeds, torch.Device device, ThreadChoice threads,
        string folder, TextWriter output, CancellationToken cancellation)
    {
        var options = new SweepOptions(request.Steps, request.BatchSize, variants[0].Definition.MetricSamples, device);
        output.WriteLine($"Ablating {request.Experiment}: {variants.Count} variants × seeds {string.Join(",", seeds)}, {request.Steps} steps, batch {request.BatchSize} → {Path.GetFullPath(folder)}");
        TorchEnvironment.UseThreads(threads, output);
        // A results file from another ablation, or variants the runner refuses: said plainly, nothing overwritten.
        return Failure.Catching(() => Ablation.Run(variants, seeds, options, folder,
                run => output.WriteLine($"  {run.Variant}, seed {run.Seed}: {run.Metrics} ({run.Elapsed.TotalSeconds:0} s)"),
                cancellation))
            .Map(report =>
            {
                output.WriteLine($"Trained {report.Trained.Count}, skipped {report.Skipped} already finished{(report.Cancelled ? "; stopped: run the same command again to resume" : "")}.");
                output.WriteLine();
                output.WriteLine(AblationTable.Markdown(report.Table));
                output.WriteLine($"Outputs: {Path.GetFullPath(folder)} ({Ablation.TableMarkdownFile}, {Ablation.TableCsvFile}, {Ablation.PlotFile}, {Ablation.ResultsFile})");
                return report.Cancelled ? ExitCodes.Cancelled : ExitCodes.Ok;
            });
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

    /// <summary>
    /// Every variant with the `--set` values on top (a smaller image for a quick ablation, say). A
    /// value that a variant changes itself is refused: setting it would undo what the variant tests.
    /// </summary>
    public static Validation<Error, IReadOnlyList<AblationVariant>> Set(ExperimentDefinition experiment, IReadOnlyList<AblationVariant> variants, IReadOnlyList<string> sets)
    {
        if (sets.Count == 0) return Success<Error, IReadOnlyList<AblationVariant>>(variants);
        return sets.Select(s => HyperparameterSettings.Parse(s)).ToSeq().Traverse(x => x).Bind(settings =>
            variants.Select(variant => Changed(experiment, variant)
                    .Where(member => settings.Exists(s => member.Matches(s.Name)))
                    .Select(member => Fail<Error, AblationVariant>(Error.New($"--set {member.Name}: variant '{variant.Name}' sets {member.Name} itself")))
                    .DefaultIfEmpty(variant.Definition.Configure(settings.ToArray()).Map(configured => variant with { Definition = configured }))
                    .First())
                .ToSeq().Traverse(x => x))
            .Map(configured => (IReadOnlyList<AblationVariant>)configured.ToArray());
    }

    /// <summary>The hyperparameters whose value in <paramref name="variant"/> differs from the experiment's own.</summary>
    static IEnumerable<Hyperparameter> Changed(ExperimentDefinition experiment, AblationVariant variant) =>
        experiment.Hyperparameters is { } defaults && variant.Definition.Hyperparameters is { } values
            ? Enumerable.Zip(values.Current(), defaults.Current(), (variantValue, own) => (variantValue.Parameter, Differs: variantValue.Value != own.Value))
                .Where(p => p.Differs).Select(p => p.Parameter)
            : [];

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
