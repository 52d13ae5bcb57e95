using System.Globalization;
using Functional.Training;

namespace Functional.Cli;

/// <summary>Where a cell of a sweep stands.</summary>
public enum CellState { Done, Running, Queued, Failed, Missing }

/// <summary>A cell, where it stands, and what to say about it (its metrics, its step, or its log).</summary>
public sealed record CellStatus(SweepCell Cell, CellState State, string Detail);

/// <summary>
/// Where every cell of a sweep stands, from its folder (a result, a lock held by the process
/// training it, the attempts it made, its newest checkpoint) and, for a sweep on Slurm, the
/// scheduler's word on the tasks it still holds (queued or running). A cell that started and is
/// neither done, running nor queued failed: its log says why. When every cell is done the
/// folder's results.csv, table and plot are written from the cells' results.
/// </summary>
public static class SweepStatus
{
    /// <summary>The cells' states; <paramref name="scheduled"/> maps a cell's name to the state Slurm gives its task (none: not in Slurm's queue).</summary>
    public static IReadOnlyList<CellStatus> Of(SweepPlan plan, string folder, IReadOnlyDictionary<string, SlurmTask> scheduled)
    {
        var legacy = Legacy(folder, plan);
        return plan.Cells(folder).Select(cell => Of(cell, plan, scheduled.TryGetValue(cell.CellName, out var task) ? task : null, legacy)).ToArray();
    }

    static CellStatus Of(SweepCell cell, SweepPlan plan, SlurmTask? task, IReadOnlyDictionary<(string, long), AblationRun> legacy)
    {
        if (cell.Finished().Case is AblationRun run) return new(cell, CellState.Done, run.Metrics.ToString());
        if (legacy.TryGetValue((cell.Variant, cell.Seed), out var earlier)) return new(cell, CellState.Done, earlier.Metrics + " (from results.csv)");
        var step = cell.CheckpointStep().Match(s => $"step {s} of {plan.Steps}", () => "no checkpoint yet");
        if (cell.IsRunning || task is { Running: true })
            return new(cell, CellState.Running, step + (task is null ? "" : $" (Slurm task {task.Id})"));
        if (task is not null) return new(cell, CellState.Queued, $"Slurm task {task.Id} {task.State.ToLowerInvariant()}{(cell.Started ? $", {step}" : "")}");
        if (!cell.Started) return new(cell, CellState.Missing, "");
        var last = cell.AttemptsSoFar().LastOrDefault();
        var why = cell.LastError().Match(e => e, () => last is null ? "it ended without a word (killed?)" : last.Ended);
        return new(cell, CellState.Failed, $"{why}; {step}; log: {cell.Log}");
    }

    /// <summary>Pairs a results.csv written by an earlier version (before cells had folders) holds, under this plan's protocol.</summary>
    static IReadOnlyDictionary<(string, long), AblationRun> Legacy(string folder, SweepPlan plan) =>
        AblationResults.Read(Path.Combine(folder, Ablation.ResultsFile))
            .Where(r => r.Steps == plan.Steps && r.BatchSize == plan.BatchSize && r.MetricSamples == plan.MetricSamples
                        && !SweepCell.In(folder, r.Variant, r.Seed).IsDone)
            .GroupBy(r => (r.Variant, r.Seed))
            .ToDictionary(g => g.Key, g => g.Last());

    /// <summary>
    /// results.csv from every finished cell (this plan's first, in its order, then any other the
    /// folder holds), then table.md, table.csv and ablation.png over this plan's variants and seeds.
    /// </summary>
    public static IReadOnlyList<AblationRow> WriteTable(SweepPlan plan, string folder)
    {
        var legacy = Legacy(folder, plan);
        var cells = Directory.Exists(Path.Combine(folder, SweepPlan.CellsFolder))
            ? Directory.GetDirectories(Path.Combine(folder, SweepPlan.CellsFolder)).Order(StringComparer.Ordinal)
                .Select(path => AblationResults.Read(Path.Combine(path, SweepCell.ResultFile)))
                .SelectMany(runs => runs)
            : [];
        var all = legacy.Values.Concat(cells).ToArray();
        var order = plan.Cells(folder).Select((cell, i) => (cell.Variant, cell.Seed, i)).ToDictionary(c => (c.Variant, c.Seed), c => c.i);
        var runs = all.OrderBy(r => order.TryGetValue((r.Variant, r.Seed), out var i) ? i : int.MaxValue).ToArray();
        var path = Path.Combine(folder, Ablation.ResultsFile);
        var partial = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(partial, runs.Length == 0 ? "" : AblationResults.Header(runs[0].Metrics) + "\n" + string.Concat(runs.Select(r => AblationResults.Line(r) + "\n")));
        File.Move(partial, path, overwrite: true);
        return Ablation.WriteTable(plan.Variants, plan.Seeds, folder);
    }

    /// <summary>"4 cells: 2 done, 1 running, 1 failed" and a line per cell that is not done.</summary>
    public static IEnumerable<string> Report(IReadOnlyList<CellStatus> statuses)
    {
        var counts = Enum.GetValues<CellState>().Select(s => (State: s, Count: statuses.Count(c => c.State == s))).Where(c => c.Count > 0);
        yield return $"{statuses.Count} cells: {string.Join(", ", counts.Select(c => $"{c.Count} {Word(c.State)}"))}.";
        var width = statuses.Count == 0 ? 0 : statuses.Max(s => Label(s.Cell).Length);
        foreach (var status in statuses)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  {Word(status.State),-8} {Label(status.Cell).PadRight(width)}  {status.Detail}").TrimEnd();
    }

    static string Label(SweepCell cell) => $"{cell.Variant}, seed {cell.Seed}";

    static string Word(CellState state) => state.ToString().ToLowerInvariant();
}
