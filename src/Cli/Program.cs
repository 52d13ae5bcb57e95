using System.CommandLine;
using Functional.Cli;
using Functional.Examples;

return ExperimentAssemblies.With(BuiltInExperiments.All).Match(
    experiments => FunctionalCommandLine.Build(experiments).Parse(args).Invoke(),
    error => Failure.Exit(error, Console.Out, Console.Error));
