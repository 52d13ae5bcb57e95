using Functional.Metrics;
using Functional.Training;
using Spectre.Console.Testing;
using Xunit;

namespace Functional.Cli.Tests;

public sealed class ProgressDisplayTests
{
    static TrainingProgress Progress(long step, MetricSet? metrics = null) =>
        new(step, 100, new LossReading(0.5, 1.25, double.NaN), metrics, StepsPerSecond: 40);

    static readonly MetricSet Evaluated = new([new Metric("modes", 8, HigherIsBetter: true)]);

    /// <summary>A training loop in miniature: a step at a time, a report every 50.</summary>
    static string Train(ProgressDisplay display) =>
        display.Show("ring8", 0, 100, () =>
        {
            for (long step = 1; step <= 100; step++)
            {
                display.Step(step);
                if (step % 50 == 0) display.Report(Progress(step, step == 100 ? Evaluated : null));
            }
            return "done";
        });

    [Fact]
    public void An_interactive_terminal_renders_the_bar_with_the_step_and_the_latest_losses_and_metrics()
    {
        var terminal = new TestConsole().Interactive().SupportsAnsi(true).Width(140);
        var lines = new StringWriter();
        var display = ProgressDisplay.For(terminal, lines);

        Assert.IsType<LiveProgressDisplay>(display);
        Assert.Equal("done", Train(display));
        Assert.Contains("ring8", terminal.Output);
        Assert.Contains("━", terminal.Output);
        Assert.Contains("100%", terminal.Output);
        Assert.Contains("step 100/100", terminal.Output);
        Assert.Contains("steps/s", terminal.Output);
        Assert.Contains("ETA", terminal.Output);
        Assert.Contains("step 100: D 0.5000  G 1.2500", terminal.Output);
        Assert.Contains("metrics at step 100: modes 8", terminal.Output);
        Assert.Empty(lines.ToString());
    }

    [Fact]
    public void A_terminal_that_is_not_interactive_gets_plain_lines_and_no_bar()
    {
        var terminal = new TestConsole();
        var lines = new StringWriter();
        var display = ProgressDisplay.For(terminal, lines);

        Assert.IsType<PlainProgressDisplay>(display);
        Train(display);
        Assert.Empty(terminal.Output);
        Assert.Equal(
            ["step      50/100  D   0.5000  G   1.2500     40.0 steps/s  ETA 0:01",
             "step     100/100  D   0.5000  G   1.2500     40.0 steps/s  ETA 0:00  | modes 8"],
            lines.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void No_terminal_at_all_gets_plain_lines()
    {
        Assert.IsType<PlainProgressDisplay>(ProgressDisplay.For(null, TextWriter.Null));
        Assert.IsType<PlainProgressDisplay>(ProgressDisplay.For(new TestConsole().Interactive().SupportsAnsi(false), TextWriter.Null));   // no ANSI: no live display
    }

    [Fact]
    public void A_step_does_not_allocate()
    {
        var display = ProgressDisplay.For(new TestConsole().Interactive().SupportsAnsi(true), TextWriter.Null);
        var allocated = display.Show("probe", 0, 1_000_000, () =>
        {
            for (long step = 1; step <= 1000; step++) display.Step(step);   // warm up: JIT, the first task update
            Thread.Sleep(300);
            display.Step(1001);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (long step = 1002; step <= 200_000; step++) display.Step(step);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
        Assert.True(allocated < 1024, $"{allocated} bytes allocated by 200,000 steps");
    }
}
