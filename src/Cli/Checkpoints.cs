using Functional.Data;
using Functional.Training;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>
/// A run's checkpoints folder: step-NNNNNNNNN.ckpt files, the newest <c>keep</c> kept. A new one
/// is complete on disk (written aside, then renamed) before an old one is deleted.
/// </summary>
public sealed class Checkpoints(RunFolder run, int keep)
{
    public const string Folder = RunFolder.CheckpointsFolder;

    public Checkpoints(string runFolder, int keep) : this(new RunFolder(runFolder), keep) { }

    public string Path => run.Checkpoints;

    /// <summary>Saves the session at its current step; a checkpoint that cannot be written fails the run (exit code 1).</summary>
    public Fin<string> Save(GanSession session, IBatchSource data, string experiment, string configuration)
    {
        try { Directory.CreateDirectory(Path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Failure.TrainingFailed($"could not create {Path}: {e.Message}"); }
        var file = run.CheckpointAt(session.DiscriminatorSteps);
        return Checkpoint.Save(session, data, experiment, configuration, file)
            .BiMap(_ =>
            {
                foreach (var old in List(run.Path).SkipLast(keep)) File.Delete(old);
                return file;
            }, e => Failure.TrainingFailed(e.Message));
    }

    /// <summary>The checkpoint files of a run, oldest first.</summary>
    public static IReadOnlyList<string> List(string runFolder)
    {
        var folder = new RunFolder(runFolder).Checkpoints;
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "step-*.ckpt").OrderBy(f => f, StringComparer.Ordinal).ToList()
            : [];
    }

    public static Fin<string> Latest(string runFolder) =>
        // Spelled out: a bare string would convert to an Error (LanguageExt), not to a success.
        List(runFolder) is { Count: > 0 } files
            ? FinSucc(files[^1])
            : FinFail<string>(Failure.BadInput($"run folder '{runFolder}' has no checkpoint in {Folder}/ (it was stopped before its first one was written)."));
}
