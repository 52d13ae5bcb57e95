using Functional.Training;
using Spectre.Console;

namespace Functional.Cli;

/// <summary>
/// How `train` and `resume` show their progress: a live Spectre.Console display (bar, step,
/// steps/s, time left, the latest losses and metrics) on an interactive terminal, and one plain line
/// per logging interval everywhere else: CI, a file, a pipe. Ctrl+C works the same in both, because
/// the training loop runs on the caller's thread and checks its cancellation token after every step.
/// </summary>
public abstract class ProgressDisplay
{
    /// <summary>
    /// The live display when <paramref name="terminal"/> is given and Spectre detects an interactive
    /// terminal that understands ANSI codes; otherwise plain lines on <paramref name="output"/>.
    /// </summary>
    public static ProgressDisplay For(IAnsiConsole? terminal, TextWriter output) =>
        terminal is { Profile.Capabilities: { Interactive: true, Ansi: true } }
            ? new LiveProgressDisplay(terminal)
            : new PlainProgressDisplay(output);

    /// <summary>The terminal of the process: none when standard output is redirected, so that a file or pipe gets plain lines.</summary>
    public static IAnsiConsole? ProcessTerminal() => Console.IsOutputRedirected ? null : AnsiConsole.Console;

    /// <summary>Runs <paramref name="train"/> (the training loop, from <paramref name="firstStep"/> to <paramref name="totalSteps"/>) with the display up.</summary>
    public abstract T Show<T>(string title, long firstStep, long totalSteps, Func<T> train);

    /// <summary>After every step; must not allocate.</summary>
    public abstract void Step(long step);

    /// <summary>At every logging interval.</summary>
    public abstract void Report(TrainingProgress progress);
}

/// <summary>One <see cref="ProgressText.Line"/> per logging interval, nothing in between.</summary>
public sealed class PlainProgressDisplay(TextWriter output) : ProgressDisplay
{
    public override T Show<T>(string title, long firstStep, long totalSteps, Func<T> train) => train();

    public override void Step(long step) { }

    public override void Report(TrainingProgress progress) => output.WriteLine(ProgressText.Line(progress));
}
