using System.Globalization;
using System.Text;
using Functional.Metrics;

namespace Functional.Training;

/// <summary>
/// The final metrics of one finished (variant, seed) pair, with the protocol it ran under (steps,
/// batch size, metric samples), so that a resumed ablation never mixes runs of different lengths.
/// </summary>
public sealed record AblationRun(string Variant, long Seed, long Steps, int BatchSize, int MetricSamples, MetricSet Metrics, TimeSpan Elapsed);

/// <summary>
/// An ablation's results file: a CSV with a header row, then one line per finished (variant, seed)
/// pair, appended (and flushed to disk) as soon as the pair finishes. Columns: variant, seed,
/// steps, batch_size, metric_samples, seconds, then one per metric, headed "NAME (higher is
/// better)" or "NAME (lower is better)". Values are invariant-culture round-trip numbers; text is
/// quoted as RFC 4180 asks. A last line without its newline (a process killed mid-write) is not a
/// result: reading ignores it and the next append cuts it off. Appends take an exclusive lock on
/// the file, so processes running shards of one ablation may share it.
/// </summary>
public static class AblationResults
{
    static readonly string[] FixedColumns = ["variant", "seed", "steps", "batch_size", "metric_samples", "seconds"];
    const string Higher = " (higher is better)";
    const string Lower = " (lower is better)";

    /// <summary>The finished pairs in <paramref name="path"/>, in file order; none when there is no file.</summary>
    public static IReadOnlyList<AblationRun> Read(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = OpenLocked(path, FileMode.Open, FileAccess.Read);
        return Parse(ReadComplete(stream), path);
    }

    /// <summary>Appends one finished pair, writing the header first into an empty file.</summary>
    public static void Append(string path, AblationRun run)
    {
        using var stream = OpenLocked(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        var complete = ReadComplete(stream);
        var header = Header(run.Metrics);
        var existing = complete.Length == 0 ? null : complete.Split('\n')[0];
        if (existing is not null && existing != header)
            throw new InvalidOperationException(
                $"{path}: variant '{run.Variant}' reports the columns [{header}], the file has [{existing}]; the variants of one ablation must report the same metrics");
        // Cut off a partial last line, then append.
        var kept = Encoding.UTF8.GetByteCount(complete);
        stream.SetLength(kept);
        stream.Seek(kept, SeekOrigin.Begin);
        var text = (existing is null ? header + "\n" : "") + Line(run) + "\n";
        stream.Write(Encoding.UTF8.GetBytes(text));
        stream.Flush(flushToDisk: true);
    }

    public static string Header(MetricSet metrics) =>
        string.Join(",", FixedColumns.Concat(metrics.Select(m => Csv.Quote(m.Name + (m.HigherIsBetter ? Higher : Lower)))));

    public static string Line(AblationRun run) =>
        string.Join(",", new[]
        {
            Csv.Quote(run.Variant), Csv.Number(run.Seed), Csv.Number(run.Steps), Csv.Number(run.BatchSize),
            Csv.Number(run.MetricSamples), Csv.Number(run.Elapsed.TotalSeconds),
        }.Concat(run.Metrics.Select(m => Csv.Number(m.Value))));

    static IReadOnlyList<AblationRun> Parse(string complete, string path)
    {
        var lines = complete.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) return [];
        var header = Csv.Split(lines[0]);
        if (header.Count < FixedColumns.Length || !header.Take(FixedColumns.Length).SequenceEqual(FixedColumns))
            throw new InvalidDataException($"{path}: not an ablation results file (its header is [{lines[0]}])");
        var metrics = header.Skip(FixedColumns.Length).Select(column =>
            column.EndsWith(Higher, StringComparison.Ordinal) ? (Name: column[..^Higher.Length], HigherIsBetter: true)
            : column.EndsWith(Lower, StringComparison.Ordinal) ? (Name: column[..^Lower.Length], HigherIsBetter: false)
            : throw new InvalidDataException($"{path}: column '{column}' says neither '{Higher.Trim()}' nor '{Lower.Trim()}'")).ToArray();
        return lines.Skip(1).Select((line, index) =>
        {
            var cells = Csv.Split(line);
            if (cells.Count != header.Count)
                throw new InvalidDataException($"{path}: line {index + 2} has {cells.Count} cells, the header {header.Count}");
            double Value(int column) => double.Parse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture);
            return new AblationRun(cells[0], (long)Value(1), (long)Value(2), (int)Value(3), (int)Value(4),
                new MetricSet(metrics.Select((m, i) => new Metric(m.Name, Value(FixedColumns.Length + i), m.HigherIsBetter)).ToArray()),
                TimeSpan.FromSeconds(Value(5)));
        }).ToArray();
    }

    /// <summary>The file's text up to and including its last newline.</summary>
    static string ReadComplete(FileStream stream)
    {
        stream.Seek(0, SeekOrigin.Begin);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var end = Array.LastIndexOf(bytes, (byte)'\n');
        return Encoding.UTF8.GetString(bytes, 0, end + 1);
    }

    /// <summary>Opens with FileShare.None (an exclusive lock on Unix too), waiting up to a minute while another process holds it.</summary>
    static FileStream OpenLocked(string path, FileMode mode, FileAccess access)
    {
        for (var attempt = 0; ; attempt++)
        {
            // A held lock is a plain IOException; missing folders and the like are subclasses, and fail at once.
            try { return new FileStream(path, mode, access, FileShare.None); }
            catch (IOException e) when (e.GetType() == typeof(IOException) && attempt < 1200) { Thread.Sleep(50); }
        }
    }
}
