using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Functional.Training;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>One start of a cell, as its attempts.jsonl keeps it: when and where, from which step, how long, how it ended.</summary>
public sealed record CellAttempt(
    [property: JsonPropertyName("started")] DateTime Started,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("slurm_job")] string? SlurmJob,
    [property: JsonPropertyName("from_step")] long FromStep,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("ended")] string Ended);

/// <summary>
/// One (variant, seed) cell of a sweep: a run folder of its own under cells/, named after the
/// variant (made safe for a file name, with a hash of the exact name so that two names never share
/// a folder) and the seed. Only the process that holds the cell's lock writes in it: its
/// checkpoints, its log, its attempts, and, when it finishes, result.csv, the cell's line of the
/// ablation's results (the same line a local `ablate` writes), renamed into place whole.
/// </summary>
public sealed record SweepCell(string Folder, string Variant, long Seed)
{
    public const string CellFile = "cell.json";
    public const string ResultFile = "result.csv";
    public const string AttemptsFile = "attempts.jsonl";
    public const string LogFile = "cell.log";
    const string LockFile = ".lock";

    static readonly JsonSerializerOptions Line = new() { WriteIndented = false };

    public static SweepCell In(string sweepFolder, string variant, long seed) =>
        new(Path.Combine(Path.GetFullPath(sweepFolder), SweepPlan.CellsFolder, Name(variant, seed)), variant, seed);

    /// <summary>"without-ema-3f2a1c-seed0": the variant in lower-case words, a hash of its exact name, the seed.</summary>
    public static string Name(string variant, long seed)
    {
        var words = new StringBuilder();
        foreach (var c in variant.ToLowerInvariant())
            if (char.IsAsciiLetterOrDigit(c) || c == '.') words.Append(c);
            else if (words.Length > 0 && words[^1] != '-') words.Append('-');
        var stem = words.ToString().Trim('-', '.');
        if (stem.Length > 40) stem = stem[..40].TrimEnd('-', '.');
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(variant)))[..6].ToLowerInvariant();
        return $"{(stem.Length > 0 ? stem + "-" : "")}{hash}-seed{seed}";
    }

    public string CellName => System.IO.Path.GetFileName(Folder);

    public RunFolder Run => new(Folder);

    public string Result => System.IO.Path.Combine(Folder, ResultFile);

    public string Attempts => System.IO.Path.Combine(Folder, AttemptsFile);

    public string Log => System.IO.Path.Combine(Folder, LogFile);

    public bool Started => Directory.Exists(Folder) && (File.Exists(Log) || File.Exists(Run.Config));

    public bool IsDone => File.Exists(Result);

    /// <summary>The cell's finished result, if it has one.</summary>
    public Option<AblationRun> Finished() =>
        IsDone && AblationResults.Read(Result) is [var run] ? Some(run) : None;

    /// <summary>
    /// The cell's lock, held by whoever trains it (FileShare.None is an exclusive flock on Unix,
    /// released when the process ends, however it ends); none when another process holds it.
    /// </summary>
    public Option<FileStream> TryLock()
    {
        Directory.CreateDirectory(Folder);
        return Lock(FileMode.OpenOrCreate);
    }

    Option<FileStream> Lock(FileMode mode)
    {
        try { return new FileStream(System.IO.Path.Combine(Folder, LockFile), mode, FileAccess.ReadWrite, FileShare.None); }
        // A held lock is a plain IOException; a missing file and the like are subclasses.
        catch (IOException e) when (e.GetType() == typeof(IOException)) { return None; }
    }

    /// <summary>Whether some process trains this cell now (holds its lock); asking writes nothing.</summary>
    public bool IsRunning
    {
        get
        {
            if (!File.Exists(System.IO.Path.Combine(Folder, LockFile))) return false;
            try
            {
                var held = Lock(FileMode.Open);
                held.IfSome(stream => stream.Dispose());
                return held.IsNone;
            }
            catch (FileNotFoundException) { return false; }
        }
    }

    /// <summary>Writes cell.json: which variant and seed, for a reader of the folder.</summary>
    public void Describe(string experiment) =>
        WriteWhole(System.IO.Path.Combine(Folder, CellFile),
            JsonSerializer.Serialize(new { experiment, variant = Variant, seed = Seed }, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>The cell's result, whole or not at all.</summary>
    public void Finish(AblationRun run) =>
        WriteWhole(Result, AblationResults.Header(run.Metrics) + "\n" + AblationResults.Line(run) + "\n");

    public void Record(CellAttempt attempt) =>
        File.AppendAllText(Attempts, JsonSerializer.Serialize(attempt, Line) + "\n");

    /// <summary>The attempts so far (a line cut off by a killed process is skipped).</summary>
    public IReadOnlyList<CellAttempt> AttemptsSoFar()
    {
        if (!File.Exists(Attempts)) return [];
        var attempts = new List<CellAttempt>();
        foreach (var text in File.ReadAllLines(Attempts))
        {
            try { if (JsonSerializer.Deserialize<CellAttempt>(text) is { } attempt) attempts.Add(attempt); }
            catch (JsonException) { }
        }
        return attempts;
    }

    /// <summary>The step of the cell's newest checkpoint, if any.</summary>
    public Option<long> CheckpointStep() =>
        Checkpoints.List(Folder) is { Count: > 0 } files
        && long.TryParse(System.IO.Path.GetFileNameWithoutExtension(files[^1])["step-".Length..], out var step)
            ? Some(step)
            : None;

    /// <summary>The last line of the cell's log that says what went wrong ("error: …"), if it has one.</summary>
    public Option<string> LastError() =>
        File.Exists(Log)
            ? File.ReadLines(Log).LastOrDefault(l => l.Contains("error: ", StringComparison.Ordinal) || l.Contains("ended with exit code", StringComparison.Ordinal)) is { } line
                ? Some(line.Trim())
                : None
            : None;

    static void WriteWhole(string path, string text)
    {
        var partial = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(partial, text);
        File.Move(partial, path, overwrite: true);
    }
}
