using Functional.Training;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>An experiment by its command-line name, and the checks that need nothing but its definition.</summary>
public static class ExperimentLookup
{
    /// <summary>The experiment called <paramref name="name"/>, if it exists and has default data.</summary>
    public static Validation<Error, ExperimentDefinition> Find(string name, IReadOnlyList<ExperimentDefinition> experiments)
    {
        var experiment = experiments.FirstOrDefault(e => e.Name == name);
        if (experiment is null)
            return Fail<Error, ExperimentDefinition>(Failure.BadInput($"unknown experiment '{name}'; known: {string.Join(", ", experiments.Select(e => e.Name))} (see 'list')."));
        if (experiment.CreateData is null)
            return Fail<Error, ExperimentDefinition>(Failure.BadInput($"experiment '{experiment.Name}' declares no [Data] source."));
        return Success<Error, ExperimentDefinition>(experiment);
    }

    /// <summary>--data is for experiments that read files.</summary>
    public static Validation<Error, ExperimentDefinition> ReadsFiles(ExperimentDefinition experiment, string? data) =>
        data is null || experiment.DataReadsFiles
            ? Success<Error, ExperimentDefinition>(experiment)
            : Fail<Error, ExperimentDefinition>(Failure.BadInput($"--data: experiment '{experiment.Name}' makes its own data and reads no files"));
}
