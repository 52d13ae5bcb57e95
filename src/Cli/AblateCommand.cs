using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>Where an ablation's cells train: in this process, one after another, or as a Slurm array job.</summary>
public enum SweepEngine { Local, Slurm }

/// <summary>What `ablate` was asked to do.</summary>
public sealed record AblateRequest(
    string? Experiment,
    string Seeds,
    long Steps,
    int BatchSize,
    IReadOnlyList<string> Grid,
    string? Output,
    string Device,
    string? LibTorch,
    int? Threads = null,
    SweepEngine On = SweepEngine.Local,
    SlurmOptions? Slurm = null,
    bool DryRun = false,
    bool Collect = false,
    string? Cell = null,
    int CheckpointEvery = 1000,
    IReadOnlyList<string>? Sets = null);

/// <summary>
/// `ablate NAME`: the experiment's declared [Variants] (each trick off in turn), or a grid of
/// hyperparameter values, across seeds: one cell per (variant, seed), each a run folder of its own
/// under the ablation folder's cells/, trained to a result by <see cref="CellRun"/>, checkpointed
/// and resumable. Locally the cells train here, one after another; `--on slurm` writes an sbatch
/// array script and submits it, a task per cell. Run again on the folder (or `--collect`) to see
/// which cells are done, running, queued, failed or missing; once all are done, results.csv,
/// table.md, table.csv and ablation.png are written from the cells' results.
/// </summary>
public static class AblateCommand
{
    public static int Run(AblateRequest request, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, TextWriter errors, CancellationToken cancellation) =>
        Failure.Exit(
            request.Cell is { } cell ? RunCell(request, cell, experiments, output, cancellation)
            : request.Collect ? Collect(request, experiments, output)
            : Ablate(request, experiments, output, cancellation),
            output, errors);

    static string FolderOf(AblateRequest request, string experiment) =>
        Path.GetFullPath(request.Output ?? Path.Combine("runs", $"ablate-{experiment}"));

    /// <summary>The sweep the request asks for: its plan and its variants, every problem at once.</summary>
    static Fin<(SweepPlan Plan, IReadOnlyList<AblationVariant> Variants)> Plan(AblateRequest request, IReadOnlyList<ExperimentDefinition> experiments) =>
        (Check(request.Experiment is not null, "name the experiment to ablate (see 'list'), or give --collect or --cell with --out")
                .Bind(_ => ExperimentLookup.Find(request.Experiment!, experiments)).Bind(e => Variants(e, request.Grid).Bind(v => Set(e, v, request.Sets ?? []))),
            SeedList.Parse(request.Seeds),
            Check(request.Steps >= 1, $"--steps {request.Steps} is out of range: use 1 or more"),
            Check(request.BatchSize >= 1 && request.BatchSize <= 65_536, $"--batch-size {request.BatchSize} is out of range: use 1 to 65536"),
            Check(request.CheckpointEvery >= 0, $"--checkpoint-every {request.CheckpointEvery} is out of range: use 0 (only at the end) or more"),
            Check(request.On == SweepEngine.Slurm || !request.DryRun, "--dry-run prints the sbatch script of --on slurm; add --on slurm"))
        .Apply((variants, seeds, _, _, _, _) => (Plan: new SweepPlan(request.Experiment!, request.Grid, variants.Select(v => v.Name).ToArray(), seeds,
                request.Steps, request.BatchSize, variants[0].Definition.MetricSamples, request.Device, request.Threads, request.CheckpointEvery, request.Sets ?? []),
            Variants: variants))
        .ToFin()
        .Bind(planned => Validated(planned.Variants).Map(_ => planned));

    static Fin<Unit> Validated(IReadOnlyList<AblationVariant> variants) =>
        variants.GroupBy(v => v.Name).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? Failure.BadInput($"ablation: variant names must differ: '{twice.Key}' repeats")
            : variants.FirstOrDefault(v => v.Definition.CreateData is null) is { } dataless
                ? Failure.BadInput($"ablation: variant '{dataless.Name}' ({dataless.Definition.Name}) declares no [Data] source")
                : unit;

    static Fin<int> Ablate(AblateRequest request, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, CancellationToken cancellation) =>
        Plan(request, experiments).Bind(planned =>
        {
            var folder = FolderOf(request, planned.Plan.Experiment);
            if (request.DryRun)
            {
                output.Write(SlurmScript.Text(planned.Plan, folder, planned.Plan.Cells(folder), request.Slurm ?? new SlurmOptions(), SlurmScript.ThisCli(),
                    Environment.GetEnvironmentVariable(ExperimentAssemblies.Variable)));
                return FinSucc(ExitCodes.Ok);
            }
            return from _ in Folder(folder)
                   from __ in EarlierResults(folder, planned.Plan)
                   from ___ in planned.Plan.Write(folder)
                   from code in request.On == SweepEngine.Slurm
                       ? OnSlurm(planned.Plan, folder, request.Slurm ?? new SlurmOptions(), output)
                       : Locally(planned.Plan, planned.Variants, folder, request.LibTorch, output, cancellation)
                   select code;
        });

    /// <summary>Every cell not done yet, here, one after another (seed by seed), each writing its transcript to its log.</summary>
    static Fin<int> Locally(SweepPlan plan, IReadOnlyList<AblationVariant> variants, string folder, string? libTorch, TextWriter output, CancellationToken cancellation)
    {
        output.WriteLine($"Ablating {plan.Experiment}: {plan.Variants.Count} variants × seeds {string.Join(",", plan.Seeds)}, {plan.Steps} steps, batch {plan.BatchSize} → {folder}");
        var (trained, skipped) = (0, 0);
        foreach (var cell in plan.Cells(folder))
        {
            if (cancellation.IsCancellationRequested) break;
            if (cell.IsDone || cell.IsRunning) { skipped++; continue; }
            Directory.CreateDirectory(cell.Folder);
            Fin<int> attempt;
            using (var log = new StreamWriter(cell.Log, append: true) { AutoFlush = true })
                attempt = CellRun.Run(plan, cell, variants.Single(v => v.Name == cell.Variant).Definition, libTorch, log, cancellation);
            // A cell that failed in training (diverged, say) is reported and the others go on; bad input or a broken environment stops the sweep.
            var failed = attempt.Match(_ => (Error?)null, e => e);
            if (failed is { Code: not ExitCodes.TrainingFailed })
                return Error.New(failed.Code, $"{cell.Variant}, seed {cell.Seed}: {failed.Message} (log: {cell.Log})");
            if (failed is not null) output.WriteLine($"  {cell.Variant}, seed {cell.Seed}: failed: {failed.Message} (log: {cell.Log})");
            var done = cell.Finished();
            done.IfSome(run => output.WriteLine($"  {run.Variant}, seed {run.Seed}: {run.Metrics} ({run.Elapsed.TotalSeconds:0} s)"));
            if (done.IsSome) trained++;
        }
        var statuses = SweepStatus.Of(plan, folder, new Dictionary<string, SlurmTask>());
        output.WriteLine($"Trained {trained}, skipped {skipped} already finished{(cancellation.IsCancellationRequested ? "; stopped: run the same command again to resume" : "")}.");
        if (statuses.Any(s => s.State == CellState.Failed))
            return Report(plan, folder, statuses, output);
        return Tabulate(plan, folder, statuses, output, cancellation.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Ok);
    }

    /// <summary>
    /// The cells that are neither done, running nor queued go to Slurm as one array job (the
    /// first time: all of them); the others are left alone. Nothing to submit and all done: the table.
    /// </summary>
    static Fin<int> OnSlurm(SweepPlan plan, string folder, SlurmOptions options, TextWriter output)
    {
        var before = SweepStatus.Of(plan, folder, Slurm.Scheduled(folder));
        var submit = before.Where(s => s.State is CellState.Failed or CellState.Missing).Select(s => s.Cell).ToArray();
        if (submit.Length == 0) return Report(plan, folder, before, output);
        Directory.CreateDirectory(Slurm.FolderIn(folder));
        foreach (var cell in submit)
        {
            Directory.CreateDirectory(cell.Folder);
            cell.Describe(plan.Experiment);
        }
        var script = Path.Combine(Slurm.FolderIn(folder), $"ablate-{Slurm.Submissions(folder).Count + 1}.sbatch");
        File.WriteAllText(script, SlurmScript.Text(plan, folder, submit, options, SlurmScript.ThisCli(), Environment.GetEnvironmentVariable(ExperimentAssemblies.Variable)));
        return Slurm.Submit(folder, script, submit.Select(c => c.CellName).ToArray()).Bind(submission =>
        {
            output.WriteLine($"Submitted {plan.Experiment}'s {submit.Length} cell{(submit.Length == 1 ? "" : "s")} as Slurm array job {submission.Job} ({Path.GetRelativePath(folder, script)}); "
                + $"follow it with: ablate --collect --out {SlurmScript.Quote(folder)}");
            return Report(plan, folder, SweepStatus.Of(plan, folder, Slurm.Scheduled(folder)), output).Map(_ => ExitCodes.Ok);
        });
    }

    /// <summary>`ablate --collect --out FOLDER`: where every cell stands, and the table once all are done.</summary>
    static Fin<int> Collect(AblateRequest request, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output)
    {
        if (request.Output is null) return Failure.BadInput("--collect needs the ablation folder: --out FOLDER");
        var folder = Path.GetFullPath(request.Output);
        return SweepPlan.Existing(folder).Bind(plan =>
            Check(request.Experiment is null || request.Experiment == plan.Experiment,
                    $"{SweepPlan.PathIn(folder)} is an ablation of {plan.Experiment}, not {request.Experiment}").ToFin()
                .Bind(_ => Report(plan, folder, SweepStatus.Of(plan, folder, Slurm.Scheduled(folder)), output)));
    }

    /// <summary>The statuses, then the table when all cells are done; exit 0 then, 1 when a cell failed, and otherwise <see cref="ExitCodes.Incomplete"/>.</summary>
    static Fin<int> Report(SweepPlan plan, string folder, IReadOnlyList<CellStatus> statuses, TextWriter output)
    {
        output.WriteLine($"Ablation of {plan.Experiment} in {folder}:");
        foreach (var line in SweepStatus.Report(statuses)) output.WriteLine(line);
        return Tabulate(plan, folder, statuses, output,
            statuses.Any(s => s.State == CellState.Failed) ? ExitCodes.TrainingFailed : ExitCodes.Incomplete);
    }

    static Fin<int> Tabulate(SweepPlan plan, string folder, IReadOnlyList<CellStatus> statuses, TextWriter output, int unfinished)
    {
        if (statuses.Any(s => s.State != CellState.Done)) return unfinished == ExitCodes.Ok ? ExitCodes.Incomplete : unfinished;
        var table = SweepStatus.WriteTable(plan, folder);
        output.WriteLine();
        output.WriteLine(AblationTable.Markdown(table));
        output.WriteLine($"Outputs: {folder} ({Ablation.TableMarkdownFile}, {Ablation.TableCsvFile}, {Ablation.PlotFile}, {Ablation.ResultsFile})");
        return ExitCodes.Ok;
    }

    /// <summary>`ablate --cell NAME --out FOLDER`: one cell of the folder's sweep, as a Slurm array task runs it.</summary>
    static Fin<int> RunCell(AblateRequest request, string name, IReadOnlyList<ExperimentDefinition> experiments, TextWriter output, CancellationToken cancellation)
    {
        if (request.Output is null) return Failure.BadInput("--cell needs the ablation folder: --out FOLDER");
        var folder = Path.GetFullPath(request.Output);
        return from plan in SweepPlan.Existing(folder)
               from cell in plan.Cells(folder).FirstOrDefault(c => c.CellName == name) is { } found
                   ? FinSucc(found)
                   : FinFail<SweepCell>(Failure.BadInput($"{SweepPlan.PathIn(folder)} has no cell '{name}'"))
               from variants in ExperimentLookup.Find(plan.Experiment, experiments).Bind(e => Variants(e, plan.Grid).Bind(v => Set(e, v, plan.Sets ?? []))).ToFin()
               from variant in variants.FirstOrDefault(v => v.Name == cell.Variant) is { } v
                   ? FinSucc(v)
                   : FinFail<AblationVariant>(Failure.BadInput($"experiment {plan.Experiment} has no variant '{cell.Variant}' any more"))
               from code in CellRun.Run(plan, cell, variant.Definition, request.LibTorch, output, cancellation)
               select code;
    }

    /// <summary>A results.csv of runs under another protocol (from before cells had folders): said plainly, nothing overwritten.</summary>
    static Fin<Unit> EarlierResults(string folder, SweepPlan plan)
    {
        var results = Path.Combine(folder, Ablation.ResultsFile);
        return Failure.Catching(() => AblationResults.Read(results)).Bind(runs =>
            runs.FirstOrDefault(r => r.Steps != plan.Steps || r.BatchSize != plan.BatchSize || r.MetricSamples != plan.MetricSamples) is { } other
                ? FinFail<Unit>(Failure.BadInput($"{results} holds runs of {other.Steps} steps, batch {other.BatchSize}, {other.MetricSamples} metric samples; "
                    + $"this ablation asks for {plan.Steps} steps, batch {plan.BatchSize}, {plan.MetricSamples} metric samples: use another folder"))
                : FinSucc(unit));
    }

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
