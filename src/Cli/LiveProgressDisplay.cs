using System.Diagnostics;
using Functional.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Functional.Cli;

/// <summary>
/// The interactive display: a Spectre.Console progress bar with the step, the measured steps/s and
/// the time left, and under it the latest losses and metrics. Evaluations are also written above the
/// bar, so that their history stays on the screen. The bar moves a few times a second: after a step
/// only a clock is read, and the task is updated when a quarter of a second has passed.
/// </summary>
public sealed class LiveProgressDisplay(IAnsiConsole console) : ProgressDisplay
{
    static readonly long SampleTicks = Stopwatch.Frequency / 4;
    static readonly Style StatusStyle = new(Color.Grey);

    ProgressTask? task;
    long sampledAt, sampledStep;
    double stepsPerSecond;
    volatile string losses = "";
    volatile string metrics = "";

    public override T Show<T>(string title, long firstStep, long totalSteps, Func<T> train)
    {
        var progress = new Progress(console) { AutoClear = false, HideCompleted = false, RefreshRate = TimeSpan.FromMilliseconds(250) }
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new StepColumn(),
                new SpeedColumn(this),
                new TimeLeftColumn(this),
                new SpinnerColumn())
            .UseRenderHook((bar, _) => new Rows(bar, new Text(losses, StatusStyle), new Text(metrics, StatusStyle)));
        return progress.Start(context =>
        {
            task = context.AddTask(Markup.Escape(title), maxValue: totalSteps);
            task.Value = firstStep;
            (sampledAt, sampledStep) = (Stopwatch.GetTimestamp(), firstStep);
            return train();
        });
    }

    public override void Step(long step)
    {
        var now = Stopwatch.GetTimestamp();
        if (task is null || now - sampledAt < SampleTicks) return;
        var measured = (step - sampledStep) * (double)Stopwatch.Frequency / (now - sampledAt);
        var previous = Volatile.Read(ref stepsPerSecond);
        Volatile.Write(ref stepsPerSecond, previous > 0 ? 0.7 * previous + 0.3 * measured : measured);
        (sampledAt, sampledStep) = (now, step);
        task.Value = step;
    }

    public override void Report(TrainingProgress progress)
    {
        if (task is not null) task.Value = progress.Step;
        losses = $"step {progress.Step}: {ProgressText.Losses(progress.Losses)}" + (progress.Augmentation is { } augmentation ? "  " + ProgressText.Augmentation(augmentation) : "");
        if (progress.Metrics is not { Count: > 0 } evaluated) return;
        metrics = $"metrics at step {progress.Step}: {evaluated}";
        console.WriteLine($"step {progress.Step,7}/{progress.TotalSteps}  {ProgressText.Losses(progress.Losses)}  | {evaluated}");
    }

    sealed class StepColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text($"step {task.Value:0}/{task.MaxValue:0}");
    }

    sealed class SpeedColumn(LiveProgressDisplay display) : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            Volatile.Read(ref display.stepsPerSecond) is > 0 and var speed ? new Text($"{speed,7:0.0} steps/s") : new Text("    –   steps/s");
    }

    sealed class TimeLeftColumn(LiveProgressDisplay display) : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var speed = Volatile.Read(ref display.stepsPerSecond);
            return speed > 0
                ? new Text($"ETA {ProgressText.Remaining((long)(task.MaxValue - task.Value), speed):h\\:mm\\:ss}")
                : new Text("ETA –:––:––");
        }
    }
}
