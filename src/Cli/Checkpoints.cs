using Functional.Data;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>
/// A run's checkpoints folder: step-NNNNNNNNN.ckpt files, the newest <c>keep</c> kept. A new one
/// is complete on disk (written aside, then renamed) before an old one is deleted.
/// </summary>
public sealed class Checkpoints(string runFolder, int keep)
{
    public const string Folder = "checkpoints";

    public string Path => System.IO.Path.Combine(runFolder, Folder);

    public Fin<string> Save(GanSession session, IBatchSource data, string experiment, string configuration)
    {
        try { Directory.CreateDirectory(Path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Error.New($"could not create {Path}: {e.Message}"); }
        var file = System.IO.Path.Combine(Path, $"step-{session.DiscriminatorSteps:D9}.ckpt");
        return Checkpoint.Save(session, data, experiment, configuration, file).Map(_ =>
        {
            foreach (var old in List(runFolder).SkipLast(keep)) File.Delete(old);
            return file;
        });
    }

    /// <summary>The checkpoint files of a run, oldest first.</summary>
    public static IReadOnlyList<string> List(string runFolder)
    {
        var folder = System.IO.Path.Combine(runFolder, Folder);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "step-*.ckpt").OrderBy(f => f, StringComparer.Ordinal).ToList()
            : [];
    }

    public static Fin<string> Latest(string runFolder) =>
        // Spelled out: a bare string would convert to an Error (LanguageExt), not to a success.
        List(runFolder) is { Count: > 0 } files
            ? FinSucc(files[^1])
            : FinFail<string>(Error.New($"run folder '{runFolder}' has no checkpoint in {Folder}/ (it was stopped before its first one was written)."));
}
