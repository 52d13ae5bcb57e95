using Functional.Examples;
using Functional.Examples.Mixtures;
using Functional.Training;
using Xunit;

namespace Functional.Cli.Tests.Cluster;

/// <summary>`ablate`'s sweep options without a cluster: the script --dry-run prints, what it refuses, and the cells' names.</summary>
public sealed class SweepCommandTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "functional-sweepcli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    static (int Code, string Out, string Err) Run(AblateRequest request)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = AblateCommand.Run(request, BuiltInExperiments.All, output, errors, CancellationToken.None);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public void Dry_run_prints_an_array_script_of_one_task_per_cell_and_writes_nothing()
    {
        var folder = Path.Combine(root, "sweep");
        var (code, script, err) = Run(new AblateRequest("ring8-tricks", "0-2", 300, 64, [], folder, "cpu", null, On: SweepEngine.Slurm,
            Slurm: new SlurmOptions("gpu", "1:00:00", 4, 1, "8G", ["--account=lab", "--qos=short"]), DryRun: true));
        Assert.True(code == ExitCodes.Ok, err);
        var cells = Ring8Tricks.Ablation().Count * 3;
        Assert.StartsWith("#!/bin/bash\n", script);
        foreach (var line in new[] { $"#SBATCH --array=0-{cells - 1}", "#SBATCH --requeue", "#SBATCH --signal=B:USR1@120", "#SBATCH --partition=gpu",
                     "#SBATCH --time=1:00:00", "#SBATCH --cpus-per-task=4", "#SBATCH --gpus-per-task=1", "#SBATCH --mem=8G", "#SBATCH --account=lab",
                     "#SBATCH --qos=short", "#SBATCH --open-mode=append", $"#SBATCH --output={folder}/slurm/%A_%a.out" })
            Assert.Contains(line + "\n", script);
        foreach (var variant in Ring8Tricks.Ablation())
            foreach (var seed in new long[] { 0, 1, 2 })
                Assert.Contains($"  {SweepCell.Name(variant.Name, seed)}\n", script);
        Assert.Contains("ablate --cell \"$cell\" --out \"$sweep\" &", script);
        Assert.Contains("scontrol requeue \"$task\"", script);
        Assert.False(Directory.Exists(folder), "--dry-run wrote the folder");
    }

    [Fact]
    public void Sweep_options_that_do_not_fit_are_refused()
    {
        var dry = Run(new AblateRequest("ring8-tricks", "0", 10, 64, [], Path.Combine(root, "a"), "cpu", null, DryRun: true));
        Assert.Equal(ExitCodes.BadInput, dry.Code);
        Assert.Contains("--dry-run prints the sbatch script of --on slurm", dry.Err);

        var collect = Run(new AblateRequest(null, "0", 10, 64, [], root, "cpu", null, Collect: true));
        Assert.Equal(ExitCodes.BadInput, collect.Code);
        Assert.Contains("is not an ablation folder", collect.Err);

        var cell = Run(new AblateRequest(null, "0", 10, 64, [], null, "cpu", null, Cell: "x"));
        Assert.Equal(ExitCodes.BadInput, cell.Code);
        Assert.Contains("--cell needs the ablation folder", cell.Err);

        var unnamed = Run(new AblateRequest(null, "0", 10, 64, [], null, "cpu", null));
        Assert.Equal(ExitCodes.BadInput, unnamed.Code);
        Assert.Contains("name the experiment to ablate", unnamed.Err);
    }

    [Fact]
    public void A_folder_of_another_sweep_is_refused_and_kept()
    {
        var folder = Path.Combine(root, "kept");
        var first = Run(new AblateRequest("ring8-tricks", "0", 2, 16, ["r1_gamma=0"], folder, "cpu", null, Threads: 1));
        Assert.True(first.Code == ExitCodes.Ok, first.Err);
        var plan = File.ReadAllText(SweepPlan.PathIn(folder));
        var other = Run(new AblateRequest("ring8-tricks", "0", 3, 16, ["r1_gamma=0"], folder, "cpu", null, Threads: 1));
        Assert.Equal(ExitCodes.BadInput, other.Code);
        Assert.Contains("2 steps, batch 16", other.Err);
        Assert.Equal(plan, File.ReadAllText(SweepPlan.PathIn(folder)));
        var collected = Run(new AblateRequest(null, "0", 0, 0, [], folder, "cpu", null, Collect: true));
        Assert.True(collected.Code == ExitCodes.Ok, collected.Err);
        Assert.Contains("1 cells: 1 done.", collected.Out);
    }

    [Fact]
    public void A_cell_that_fails_is_reported_with_its_log_and_the_others_train_on()
    {
        var folder = Path.Combine(root, "failing");
        IReadOnlyList<ExperimentDefinition> experiments = [.. BuiltInExperiments.All, Functional.Cluster.Probes.DivergingProbe.Definition];
        var request = new AblateRequest("probe-diverging", "0", 60, 32, [], folder, "cpu", null, Threads: 1);
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = AblateCommand.Run(request, experiments, output, errors, CancellationToken.None);
        var text = output.ToString();
        Assert.True(code == ExitCodes.TrainingFailed, text + errors);
        var diverged = SweepCell.In(folder, "diverges", 0);
        Assert.Contains($"diverges, seed 0: failed: ", text);
        Assert.Contains($"log: {diverged.Log}", text);
        Assert.Contains("2 cells: 1 done, 1 failed.", text);
        Assert.True(SweepCell.In(folder, "trains", 0).IsDone);
        Assert.False(diverged.IsDone);
        Assert.False(File.Exists(Path.Combine(folder, Ablation.TableMarkdownFile)), "a table of an unfinished sweep");
    }

    [Theory]
    [InlineData("without TTUR (D lr = G lr)", 3, "without-ttur-d-lr-g-lr-")]
    [InlineData("r1_gamma=0.5, beta1=0", 0, "r1-gamma-0.5-beta1-0-")]
    [InlineData("!!!", 1, "")]
    public void Cell_names_are_safe_file_names_that_keep_the_variant_and_the_seed(string variant, long seed, string stem)
    {
        var name = SweepCell.Name(variant, seed);
        Assert.StartsWith(stem, name);
        Assert.EndsWith($"-seed{seed}", name);
        Assert.All(name, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '.', $"'{c}' in {name}"));
        Assert.NotEqual(name, SweepCell.Name(variant + " ", seed));
    }
}
