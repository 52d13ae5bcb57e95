namespace Functional.Training;

/// <summary>What an ablation call did: the runs it trained now, the pairs it found finished, and the table over everything finished.</summary>
public sealed record AblationReport(IReadOnlyList<AblationRun> Trained, int Skipped, bool Cancelled, IReadOnlyList<AblationRow> Table);

/// <summary>
/// Runs every variant × seed of an ablation from scratch (<see cref="SeedSweep.RunSeed"/>: each run
/// seeds torch, the session and the data with its seed) and keeps its results in a folder:
/// <see cref="ResultsFile"/> gets each finished pair as a line the moment it finishes, so a stopped
/// ablation, started again on the same folder, skips the finished pairs and picks up where it left
/// off; then the table of final metrics (mean ± standard deviation per variant, over the seeds
/// asked for) as <see cref="TableMarkdownFile"/> and <see cref="TableCsvFile"/>, and
/// <see cref="PlotFile"/>. Seeds run in order, every variant per seed, so a stopped ablation still
/// has whole seeds to show.
/// </summary>
public static class Ablation
{
    public const string ResultsFile = "results.csv";
    public const string TableMarkdownFile = "table.md";
    public const string TableCsvFile = "table.csv";
    public const string PlotFile = "ablation.png";

    public static AblationReport Run(
        IReadOnlyList<AblationVariant> variants,
        IReadOnlyList<long> seeds,
        SweepOptions options,
        string folder,
        Action<AblationRun>? onRun = null,
        CancellationToken cancellation = default,
        AblationShard? shard = null)
    {
        Validate(variants, seeds, options, shard ?? AblationShard.All);
        Directory.CreateDirectory(folder);
        var results = Path.Combine(folder, ResultsFile);
        var finished = Finished(results, options);

        var trained = new List<AblationRun>();
        var (skipped, cancelled) = (0, false);
        var pairs = seeds.SelectMany(seed => variants.Select(variant => (variant, seed))).ToArray();
        for (var pair = 0; pair < pairs.Length && !cancelled; pair++)
        {
            var (variant, seed) = pairs[pair];
            if (!(shard ?? AblationShard.All).Includes(pair)) continue;
            if (finished.Contains((variant.Name, seed))) { skipped++; continue; }
            var definition = variant.Definition;
            var createData = definition.CreateData
                ?? throw new ArgumentException($"variant '{variant.Name}' ({definition.Name}) declares no [Data] source", nameof(variants));
            var run = SeedSweep.RunSeed(definition.CreateSession, createData, seed, options, cancellation);
            if (run is null) { cancelled = true; break; }
            var result = new AblationRun(variant.Name, seed, options.Steps, options.BatchSize, options.MetricSamples, run.Metrics, run.Elapsed);
            AblationResults.Append(results, result);
            trained.Add(result);
            onRun?.Invoke(result);
        }
        return new AblationReport(trained, skipped, cancelled, WriteTable(variants.Select(v => v.Name).ToArray(), seeds, folder));
    }

    /// <summary>
    /// Rewrites the table and the plot of <paramref name="folder"/> from its results file, for the
    /// given variants and seeds (say, after several processes ran shards of one ablation).
    /// </summary>
    public static IReadOnlyList<AblationRow> WriteTable(IReadOnlyList<string> variants, IReadOnlyList<long> seeds, string folder)
    {
        var rows = AblationTable.Rows(variants, AblationResults.Read(Path.Combine(folder, ResultsFile)), seeds.ToHashSet());
        WriteAtomically(Path.Combine(folder, TableMarkdownFile), AblationTable.Markdown(rows));
        WriteAtomically(Path.Combine(folder, TableCsvFile), AblationTable.Csv(rows));
        if (rows.Any(r => r.Runs > 0))
        {
            var plot = Path.Combine(folder, PlotFile);
            var partial = plot + $".{Environment.ProcessId}.tmp.png";
            AblationPlot.Write(rows, partial);
            File.Move(partial, plot, overwrite: true);
        }
        return rows;
    }

    /// <summary>
    /// What <see cref="Run"/> would refuse before training anything (variants, seeds, options, a
    /// results file of another protocol), as one message; null when it would start.
    /// </summary>
    public static string? Problem(IReadOnlyList<AblationVariant> variants, IReadOnlyList<long> seeds, SweepOptions options, string folder, AblationShard? shard = null)
    {
        try
        {
            Validate(variants, seeds, options, shard ?? AblationShard.All);
            Finished(Path.Combine(folder, ResultsFile), options);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <summary>The (variant, seed) pairs already in the results file; refuses a file of runs made under another protocol.</summary>
    static HashSet<(string Variant, long Seed)> Finished(string results, SweepOptions options)
    {
        var runs = AblationResults.Read(results);
        if (runs.FirstOrDefault(r => r.Steps != options.Steps || r.BatchSize != options.BatchSize || r.MetricSamples != options.MetricSamples) is { } other)
            throw new InvalidOperationException(
                $"{results} holds runs of {other.Steps} steps, batch {other.BatchSize}, {other.MetricSamples} metric samples; "
                + $"this ablation asks for {options.Steps} steps, batch {options.BatchSize}, {options.MetricSamples} metric samples: use another folder");
        return runs.Select(r => (r.Variant, r.Seed)).ToHashSet();
    }

    static void Validate(IReadOnlyList<AblationVariant> variants, IReadOnlyList<long> seeds, SweepOptions options, AblationShard shard)
    {
        var problems = new List<string>();
        if (variants.Count == 0) problems.Add("no variants");
        if (variants.GroupBy(v => v.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToArray() is { Length: > 0 } twice)
            problems.Add($"variant names must differ: {string.Join(", ", twice.Select(n => $"'{n}'"))} repeat");
        if (variants.Where(v => string.IsNullOrWhiteSpace(v.Name) || v.Name.IndexOfAny(['\n', '\r']) >= 0).Select(v => v.Name).ToArray() is { Length: > 0 } unnamed)
            problems.Add($"variant names must be one line of text: {string.Join(", ", unnamed.Select(n => $"'{n}'"))}");
        if (seeds.Count == 0) problems.Add("no seeds");
        if (seeds.Distinct().Count() != seeds.Count) problems.Add("seeds repeat");
        if (options.Steps < 1) problems.Add($"steps must be at least 1 (got {options.Steps})");
        if (shard.Problem() is { } bad) problems.Add(bad);
        if (problems.Count > 0) throw new ArgumentException("ablation: " + string.Join("; ", problems));
    }

    static void WriteAtomically(string path, string text)
    {
        var partial = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(partial, text);
        File.Move(partial, path, overwrite: true);
    }
}
