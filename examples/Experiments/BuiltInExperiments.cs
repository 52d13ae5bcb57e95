using Functional.Training;

namespace Functional.Examples;

/// <summary>The experiments this assembly declares, for the command line and the tests.</summary>
public static class BuiltInExperiments
{
    public static IReadOnlyList<ExperimentDefinition> All => Functional.Generated.ExperimentRegistry.All;
}
