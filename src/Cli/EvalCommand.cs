using Functional.Training;
using LanguageExt;

namespace Functional.Cli;

/// <summary>`eval RUN_DIR`: the metrics of the run's latest checkpoint (averaged generator, the run's fixed noise).</summary>
public static class EvalCommand
{
    public static int Run(string runFolder, string? libTorch, string? deviceOverride, IReadOnlyList<ExperimentDefinition> experiments,
        TextWriter output, TextWriter errors) =>
        Failure.Exit(
            OpenedRun.Open(runFolder, libTorch, deviceOverride, experiments).Map(opened =>
            {
                using (opened)
                {
                    var metrics = Trainer.Evaluate(opened.Session, opened.Experiment.MetricSamples, data: opened.Data);
                    output.WriteLine($"{opened.Experiment.Name} at step {opened.Header.DiscriminatorSteps} ({opened.Experiment.MetricSamples} samples, averaged generator): {metrics}");
                    return ExitCodes.Ok;
                }
            }),
            output, errors);
}
