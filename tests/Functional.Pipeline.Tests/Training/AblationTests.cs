using Functional.Metrics;
using Functional.Tests.Support;
using Functional.Training;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

[Trait("Category", "Training")]
[Collection(GlobalGenerator.Name)]
public sealed class AblationTests
{
    static readonly SweepOptions Tiny = new(Steps: 3, BatchSize: 16, MetricSamples: 100, CPU);
    static readonly long[] Seeds = [0, 1];

    static AblationRun Run(string variant, long seed, params double[] values) =>
        new(variant, seed, Steps: 3, BatchSize: 16, MetricSamples: 100,
            new MetricSet([new Metric("modes", values[0], true), new Metric("reverse_kl", values[1], false)]),
            TimeSpan.FromSeconds(1.5));

    [Fact]
    public void A_stopped_ablation_resumes_and_skips_the_finished_pairs()
    {
        using var folder = new TempFolder();
        using var stop = new CancellationTokenSource();
        var first = Ablation.Run(TinyAblation.Variants, Seeds, Tiny, folder.Path, run => { if (run.Variant == "without EMA") stop.Cancel(); }, stop.Token);

        Assert.True(first.Cancelled);
        Assert.Equal([("stack", 0L), ("without EMA", 0L)], first.Trained.Select(r => (r.Variant, r.Seed)));
        Assert.Equal(2, AblationResults.Read(folder[Ablation.ResultsFile]).Count);

        var second = Ablation.Run(TinyAblation.Variants, Seeds, Tiny, folder.Path);

        Assert.False(second.Cancelled);
        Assert.Equal(2, second.Skipped);
        Assert.Equal([("stack", 1L), ("without EMA", 1L)], second.Trained.Select(r => (r.Variant, r.Seed)));
        Assert.Equal(4, AblationResults.Read(folder[Ablation.ResultsFile]).Count);
        Assert.All(second.Table, row => Assert.Equal(2, row.Runs));

        var third = Ablation.Run(TinyAblation.Variants, Seeds, Tiny, folder.Path);
        Assert.Empty(third.Trained);
        Assert.Equal(4, third.Skipped);
    }

    [Fact]
    public void A_resumed_ablation_gives_what_an_uninterrupted_one_gives_and_writes_its_table_and_plot()
    {
        using var stopped = new TempFolder();
        using var straight = new TempFolder();
        using var stop = new CancellationTokenSource();
        Ablation.Run(TinyAblation.Variants, Seeds, Tiny, stopped.Path, _ => stop.Cancel(), stop.Token);
        Ablation.Run(TinyAblation.Variants, Seeds, Tiny, stopped.Path);
        Ablation.Run(TinyAblation.Variants, Seeds, Tiny, straight.Path);

        static string[] Lines(string folder) => AblationResults.Read(Path.Combine(folder, Ablation.ResultsFile))
            .OrderBy(r => r.Variant).ThenBy(r => r.Seed).Select(r => $"{r.Variant} {r.Seed} {r.Metrics}").ToArray();
        Assert.Equal(Lines(straight.Path), Lines(stopped.Path));
        Assert.Equal(File.ReadAllText(straight[Ablation.TableMarkdownFile]).Split('|').Length, File.ReadAllText(stopped[Ablation.TableMarkdownFile]).Split('|').Length);
        Assert.StartsWith("| variant | runs | modes ↑ | high_quality_pct ↑ | reverse_kl ↓ | s / run |", File.ReadAllText(stopped[Ablation.TableMarkdownFile]));
        Assert.StartsWith("variant,runs,seconds,modes_mean,modes_std,", File.ReadAllText(stopped[Ablation.TableCsvFile]));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(stopped[Ablation.PlotFile])[..4]);
    }

    [Fact]
    public void A_folder_of_runs_with_other_steps_is_refused()
    {
        using var folder = new TempFolder();
        AblationResults.Append(folder[Ablation.ResultsFile], Run("stack", 0, 8, 0.1) with { Steps = 1000 });

        var error = Assert.Throws<InvalidOperationException>(() => Ablation.Run(TinyAblation.Variants, Seeds, Tiny, folder.Path));
        Assert.Contains("1000 steps", error.Message);
        Assert.Contains("another folder", error.Message);
    }

    [Fact]
    public void Bad_arguments_are_named_at_once()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<ArgumentException>(() => Ablation.Run(
            [TinyAblation.Variants[0], TinyAblation.Variants[0], TinyAblation.Variants[1] with { Name = "two\nlines" }],
            [3, 3], Tiny with { Steps = 0 }, folder.Path, shard: new AblationShard(2, 2)));
        Assert.Contains("'stack' repeat", error.Message);
        Assert.Contains("one line of text", error.Message);
        Assert.Contains("seeds repeat", error.Message);
        Assert.Contains("steps must be at least 1", error.Message);
        Assert.Contains("shard index", error.Message);
    }

    [Fact]
    public void The_results_csv_round_trips_names_that_need_quotes_and_exact_values()
    {
        using var folder = new TempFolder();
        var runs = new[]
        {
            Run("without TTUR (D lr = G lr), \"equal\"", 7, 6, 0.1 + 0.2),
            Run("plain", -1, double.NaN, 1e-300) with { Elapsed = TimeSpan.FromSeconds(123.456) },
        };
        foreach (var run in runs) AblationResults.Append(folder["results.csv"], run);

        var read = AblationResults.Read(folder["results.csv"]);

        Assert.Equal(runs.Select(r => (r.Variant, r.Seed, r.Steps, r.BatchSize, r.MetricSamples, r.Elapsed)),
                     read.Select(r => (r.Variant, r.Seed, r.Steps, r.BatchSize, r.MetricSamples, r.Elapsed)));
        Assert.Equal(runs.Select(r => r.Metrics.ToArray()), read.Select(r => r.Metrics.ToArray()));
        Assert.StartsWith("variant,seed,steps,batch_size,metric_samples,seconds,modes (higher is better),reverse_kl (lower is better)\n",
            File.ReadAllText(folder["results.csv"]));
    }

    [Fact]
    public void A_line_cut_off_by_a_kill_is_not_a_result_and_the_next_append_replaces_it()
    {
        using var folder = new TempFolder();
        var path = folder["results.csv"];
        AblationResults.Append(path, Run("stack", 0, 8, 0.1));
        File.AppendAllText(path, "stack,1,3,16,100,1.5,7");   // no newline: the writer died

        Assert.Equal([0L], AblationResults.Read(path).Select(r => r.Seed));

        AblationResults.Append(path, Run("stack", 2, 5, 0.4));
        Assert.Equal([0L, 2L], AblationResults.Read(path).Select(r => r.Seed));
        Assert.Equal(3, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void Variants_that_report_other_metrics_cannot_share_a_results_file()
    {
        using var folder = new TempFolder();
        AblationResults.Append(folder["results.csv"], Run("stack", 0, 8, 0.1));
        var other = Run("other", 0, 8, 0.1) with { Metrics = new MetricSet([new Metric("fd", 3, false)]) };

        var error = Assert.Throws<InvalidOperationException>(() => AblationResults.Append(folder["results.csv"], other));
        Assert.Contains("must report the same metrics", error.Message);
    }

    [Fact]
    public void The_table_gives_mean_and_sample_standard_deviation_per_variant_over_the_seeds_asked_for()
    {
        AblationRun[] runs =
        [
            Run("stack", 0, 8, 0.1), Run("stack", 1, 6, 0.3), Run("stack", 2, 7, 0.2),
            Run("without EMA", 0, 3, 1.0), Run("without EMA", 1, 5, 2.0),
            Run("without EMA", 9, 100, 100),   // a seed not asked for
        ];

        var rows = AblationTable.Rows(["stack", "without EMA", "not run"], runs, [0, 1, 2]);

        Assert.Equal([3, 2, 0], rows.Select(r => r.Runs));
        Assert.Equal(7, rows[0].Summary[0].Mean, 1e-12);
        Assert.Equal(1, rows[0].Summary[0].StandardDeviation, 1e-12);
        Assert.Equal(0.2, rows[0].Summary[1].Mean, 1e-12);
        Assert.Equal(0.1, rows[0].Summary[1].StandardDeviation, 1e-12);
        Assert.Equal(4, rows[1].Summary[0].Mean, 1e-12);
        Assert.Equal(Math.Sqrt(2), rows[1].Summary[0].StandardDeviation, 1e-12);
        Assert.Equal(1.5, rows[1].MeanElapsed.TotalSeconds, 1e-9);

        var markdown = AblationTable.Markdown(rows).Split('\n');
        Assert.Equal("| variant | runs | modes ↑ | reverse_kl ↓ | s / run |", markdown[0]);
        Assert.Equal("| stack | 3 | 7.00 ± 1.00 | 0.200 ± 0.100 | 2 |", markdown[2]);
        Assert.Equal("| without EMA | 2 | 4.00 ± 1.41 | 1.50 ± 0.71 | 2 |", markdown[3]);
        Assert.Equal("| not run | 0 | – | – | – |", markdown[4]);

        var csv = AblationTable.Csv(rows).Split('\n');
        Assert.Equal("variant,runs,seconds,modes_mean,modes_std,reverse_kl_mean,reverse_kl_std", csv[0]);
        Assert.Equal("stack", csv[1].Split(',')[0]);
        var numbers = csv[1].Split(',')[1..].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([3, 1.5, 7, 1, 0.2, 0.1], numbers, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal("not run,0,0,,,,", csv[3]);
    }

    [Theory]
    [InlineData(12.345, 1.2, "12.3 ± 1.2")]
    [InlineData(0.8312, 0.0123, "0.831 ± 0.012")]
    [InlineData(0.01234, 0.0021, "0.0123 ± 0.0021")]
    [InlineData(1234.6, 56.7, "1235 ± 57")]
    [InlineData(0, 0, "0.00 ± 0.00")]
    public void Mean_plus_minus_keeps_three_significant_digits_of_the_mean(double mean, double deviation, string expected) =>
        Assert.Equal(expected, AblationTable.MeanPlusMinus(mean, deviation));

    [Fact]
    public void Shards_split_the_pairs_without_overlap()
    {
        var shards = Enumerable.Range(0, 3).Select(i => new AblationShard(i, 3)).ToArray();
        for (var pair = 0; pair < 20; pair++)
            Assert.Single(shards, s => s.Includes(pair));
        Assert.True(Enumerable.Range(0, 20).All(AblationShard.All.Includes));
    }
}
