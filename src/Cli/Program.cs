using System.CommandLine;
using Functional.Cli;
using Functional.Examples;

return FunctionalCommandLine.Build(BuiltInExperiments.All).Parse(args).Invoke();
