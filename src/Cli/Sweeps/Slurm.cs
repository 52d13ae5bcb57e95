using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>An array task Slurm still holds: its id ("12_3") and state (PENDING, RUNNING, REQUEUED, …).</summary>
public sealed record SlurmTask(string Id, string State)
{
    public bool Running => State is "RUNNING" or "COMPLETING";
}

/// <summary>One sbatch submission of a sweep: the array job's id and the cells its tasks 0, 1, … train.</summary>
public sealed record SlurmSubmission(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("submitted")] DateTime Submitted,
    [property: JsonPropertyName("script")] string Script,
    [property: JsonPropertyName("cells")] IReadOnlyList<string> Cells);

/// <summary>
/// What a sweep asks of Slurm, through its own commands (sbatch, squeue): no scheduler of ours.
/// A sweep's slurm/ folder keeps each submission's script and, in submissions.jsonl, which cell
/// each array task trains, so that a later `ablate` or `ablate --collect` can ask squeue about them.
/// </summary>
public static class Slurm
{
    public const string Folder = "slurm";
    const string SubmissionsFile = "submissions.jsonl";
    static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public static string FolderIn(string sweep) => Path.Combine(sweep, Folder);

    /// <summary>The submissions recorded in the sweep's folder, oldest first.</summary>
    public static IReadOnlyList<SlurmSubmission> Submissions(string sweep)
    {
        var path = Path.Combine(FolderIn(sweep), SubmissionsFile);
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<SlurmSubmission>(l)!).ToArray();
    }

    /// <summary>
    /// The tasks of this sweep's submissions that Slurm still holds, by cell name (a later
    /// submission of a cell wins); none when squeue is not there or answers nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, SlurmTask> Scheduled(string sweep)
    {
        var tasks = new Dictionary<string, SlurmTask>();
        foreach (var submission in Submissions(sweep))
        {
            var answer = Command("squeue", ["-h", "-r", "-j", submission.Job, "-o", "%i %T"]);
            if (answer.IsFail) continue;
            foreach (var line in ((string)answer).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2 || parts[0].Split('_') is not [_, var index] || !int.TryParse(index, out var i) || i < 0 || i >= submission.Cells.Count) continue;
                tasks[submission.Cells[i]] = new SlurmTask(parts[0], parts[1]);
            }
        }
        return tasks;
    }

    /// <summary>Submits <paramref name="script"/> (already written under the sweep's slurm/ folder) with sbatch, and records which cells its tasks train.</summary>
    public static Fin<SlurmSubmission> Submit(string sweep, string script, IReadOnlyList<string> cells) =>
        Command("sbatch", ["--parsable", script]).Bind(answer =>
        {
            var job = answer.Trim().Split(';')[0];
            if (job.Length == 0 || !job.All(char.IsAsciiDigit))
                return FinFail<SlurmSubmission>(Failure.Environment($"sbatch answered '{answer.Trim()}', not a job id"));
            var submission = new SlurmSubmission(job, DateTime.UtcNow, Path.GetRelativePath(sweep, script), cells);
            File.AppendAllText(Path.Combine(FolderIn(sweep), SubmissionsFile), JsonSerializer.Serialize(submission) + "\n");
            return FinSucc(submission);
        });

    /// <summary>Runs a Slurm command with a bounded wait; its standard output, or an environment error with its own message.</summary>
    static Fin<string> Command(string name, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            return Failure.Environment($"--on slurm needs Slurm's {name} on PATH ({e.Message}); on Debian or Ubuntu: apt-get install slurm-client");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(CommandTimeout))
            {
                process.Kill(entireProcessTree: true);
                return Failure.Environment($"{name} did not answer within {CommandTimeout.TotalSeconds:0} s (is slurmctld up?)");
            }
            process.WaitForExit();
            return process.ExitCode == 0
                ? FinSucc(output.Result)
                : Failure.Environment($"{name} {string.Join(' ', arguments)} failed (exit code {process.ExitCode}): {errors.Result.Trim()}");
        }
    }
}
