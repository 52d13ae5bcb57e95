using LanguageExt;
using LanguageExt.Common;

namespace Functional.Cli;

/// <summary>A fresh folder for one run's outputs; an existing folder is never reused or overwritten.</summary>
public sealed record RunFolder(string Path)
{
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public static Fin<RunFolder> Create(string root, string experiment, DateTime now)
    {
        var stem = $"{experiment}-{now:yyyyMMdd-HHmmss}";
        try
        {
            Directory.CreateDirectory(root);
            for (var attempt = 1; attempt < 1000; attempt++)
            {
                var path = System.IO.Path.Combine(root, attempt == 1 ? stem : $"{stem}-{attempt}");
                if (Directory.Exists(path) || System.IO.File.Exists(path)) continue;
                Directory.CreateDirectory(path);
                var probe = System.IO.Path.Combine(path, ".write-test");
                System.IO.File.WriteAllText(probe, "");
                System.IO.File.Delete(probe);
                return new RunFolder(System.IO.Path.GetFullPath(path));
            }
            return Error.New($"--out '{root}': could not find a free run folder name for {stem}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.New($"--out '{root}' is not writable: {e.Message}");
        }
    }
}
