using System.Diagnostics.Contracts;
using System.Reflection;
using System.Text;

namespace Functional.Cli;

/// <summary>What each array task asks Slurm for; unset ones are left to the cluster's defaults.</summary>
public sealed record SlurmOptions(
    string? Partition = null,
    string? Time = null,
    int? CpusPerTask = null,
    int? GpusPerTask = null,
    string? Memory = null,
    IReadOnlyList<string>? SbatchArguments = null)
{
    /// <summary>How long before its time limit a task is told to checkpoint and go back in the queue.</summary>
    public const int SignalSeconds = 120;
}

/// <summary>
/// The sbatch array script of a sweep: one array task per cell, each running the CLI on its own
/// cell (`ablate --cell NAME --out FOLDER`) into the shared folder, with its output appended to
/// the cell's log. It is requeueable (--requeue: preemption or a node failure puts the task back,
/// and the cell resumes from its newest checkpoint); SIGTERM, which Slurm sends before it kills a
/// task, makes the cell stop after its current step and checkpoint; and --signal=B:USR1 before
/// the time limit does the same and then requeues the task itself, so a cell longer than the
/// partition's limit trains on in later tasks.
/// </summary>
public static class SlurmScript
{
    [Pure]
    public static string Text(SweepPlan plan, string folder, IReadOnlyList<SweepCell> cells, SlurmOptions options, IReadOnlyList<string> cli,
        string? experimentAssemblies)
    {
        var sweep = Path.GetFullPath(folder);
        var w = new StringBuilder();
        w.Append("#!/bin/bash\n");
        w.Append($"# Functional ablation of {plan.Experiment}: {cells.Count} cell{(cells.Count == 1 ? "" : "s")} ({plan.Variants.Count} variants × seeds {string.Join(",", plan.Seeds)}, "
                 + $"{plan.Steps} steps, batch {plan.BatchSize}), one array task each.\n");
        w.Append($"# Written by `functional ablate … --on slurm`; `functional ablate --collect --out {Quote(sweep)}` tells how far it is and writes the table.\n");
        w.Append($"#SBATCH --job-name=ablate-{plan.Experiment}\n");
        w.Append($"#SBATCH --array=0-{cells.Count - 1}\n");
        w.Append($"#SBATCH --output={sweep}/{Slurm.Folder}/%A_%a.out\n");
        w.Append("#SBATCH --open-mode=append\n");
        w.Append("#SBATCH --requeue\n");
        w.Append($"#SBATCH --signal=B:USR1@{SlurmOptions.SignalSeconds}\n");
        if (options.Partition is { } partition) w.Append($"#SBATCH --partition={partition}\n");
        if (options.Time is { } time) w.Append($"#SBATCH --time={time}\n");
        w.Append($"#SBATCH --cpus-per-task={options.CpusPerTask ?? 1}\n");
        if (options.GpusPerTask is { } gpus) w.Append($"#SBATCH --gpus-per-task={gpus}\n");
        if (options.Memory is { } memory) w.Append($"#SBATCH --mem={memory}\n");
        foreach (var argument in options.SbatchArguments ?? []) w.Append($"#SBATCH {argument}\n");
        w.Append("set -u\n");
        w.Append("cells=(\n");
        foreach (var cell in cells) w.Append($"  {Quote(cell.CellName)}\n");
        w.Append(")\n");
        w.Append("cell=\"${cells[$SLURM_ARRAY_TASK_ID]}\"\n");
        w.Append($"sweep={Quote(sweep)}\n");
        w.Append("task=\"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n");
        w.Append("mkdir -p \"$sweep/cells/$cell\"\n");
        w.Append("exec >>\"$sweep/cells/$cell/cell.log\" 2>&1\n");
        w.Append("echo \"== $(date -Is) Slurm task $task on $(hostname), start $(( ${SLURM_RESTART_COUNT:-0} + 1 )); Slurm's own output: $sweep/slurm/$task.out\"\n");
        if (experimentAssemblies is { Length: > 0 }) w.Append($"export {ExperimentAssemblies.Variable}={Quote(experimentAssemblies)}\n");
        w.Append($"{string.Join(' ', cli.Select(Quote))} ablate --cell \"$cell\" --out \"$sweep\" &\n");
        w.Append("child=$!\n");
        w.Append("requeue=0\n");
        w.Append($"# {SlurmOptions.SignalSeconds} s before the time limit (--signal): the cell stops after its step and checkpoints, and the task goes back in the queue.\n");
        w.Append("trap 'requeue=1; kill -TERM \"$child\" 2>/dev/null' USR1\n");
        w.Append("# Preemption, requeue and scancel send SIGTERM: the cell stops after its step and checkpoints; wait for it.\n");
        w.Append("trap 'kill -TERM \"$child\" 2>/dev/null' TERM\n");
        w.Append("while :; do\n");
        w.Append("  wait \"$child\"; status=$?\n");
        w.Append("  kill -0 \"$child\" 2>/dev/null || break\n");
        w.Append("done\n");
        w.Append("echo \"== $(date -Is) the cell's process ended with exit code $status\"\n");
        w.Append("if [ \"$requeue\" = 1 ] && [ \"$status\" != 0 ]; then\n");
        w.Append("  echo \"== $(date -Is) near the time limit: requeueing $task to resume from its checkpoint\"\n");
        w.Append("  scontrol requeue \"$task\"\n");
        w.Append("fi\n");
        w.Append("exit \"$status\"\n");
        return w.ToString();
    }

    /// <summary>The command that runs this CLI: the apphost, or `dotnet functional.dll` when started through dotnet.</summary>
    public static IReadOnlyList<string> ThisCli()
    {
        var process = Environment.ProcessPath ?? "functional";
        var entry = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" && entry is { Length: > 0 } ? [process, entry] : [process];
    }

    /// <summary>A word for bash: as it is when it is safe, else in single quotes.</summary>
    [Pure]
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
