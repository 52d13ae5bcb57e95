using System.Reflection;
using System.Runtime.Loader;
using Functional.Training;
using LanguageExt;
using LanguageExt.Common;

namespace Functional.Cli;

/// <summary>
/// The experiments of the user's own assemblies, named by <see cref="Variable"/> (paths separated
/// by ':'): each assembly's generated registry (Functional.Generated.ExperimentRegistry) is read,
/// so `train`, `ablate` and their cluster runs work for a lab's experiments and not only the
/// built-in ones. A variable, unlike an option, reaches every rank mpirun starts and every task
/// sbatch runs (both pass the environment on).
/// </summary>
public static class ExperimentAssemblies
{
    public const string Variable = "FUNCTIONAL_EXPERIMENTS";
    const string Registry = "Functional.Generated.ExperimentRegistry";

    /// <summary>The built-in experiments and those of <see cref="Variable"/>'s assemblies; a missing assembly, one without experiments or a name used twice is an error.</summary>
    public static Fin<IReadOnlyList<ExperimentDefinition>> With(IReadOnlyList<ExperimentDefinition> builtIn)
    {
        var paths = (Environment.GetEnvironmentVariable(Variable) ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return paths.ToSeq().Fold(Prelude.FinSucc(builtIn), (experiments, path) =>
                from known in experiments
                from more in Load(path)
                select (IReadOnlyList<ExperimentDefinition>)[.. known, .. more])
            .Bind(all => all.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1) is { } twice
                ? Failure.BadInput($"{Variable}: experiment '{twice.Key}' is declared twice (by the built-in experiments or the assemblies {string.Join(", ", paths)})")
                : Prelude.FinSucc(all));
    }

    static Fin<IReadOnlyList<ExperimentDefinition>> Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) return Failure.BadInput($"{Variable}: assembly '{path}' does not exist");
        try
        {
            // Its own dependencies come from its folder; Functional, TorchSharp and the rest resolve to those already loaded.
            var folder = Path.GetDirectoryName(full)!;
            AssemblyLoadContext.Default.Resolving += (context, name) =>
                File.Exists(Path.Combine(folder, name.Name + ".dll")) ? context.LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll")) : null;
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
            var registry = assembly.GetType(Registry);
            if (registry?.GetProperty("All", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not IReadOnlyList<ExperimentDefinition> experiments)
                return Failure.BadInput($"{Variable}: '{path}' has no [GanExperiment] classes (no {Registry}); build it with the Functional generator");
            return Prelude.FinSucc(experiments);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or TargetInvocationException or TypeLoadException)
        {
            return Failure.BadInput($"{Variable}: could not load '{path}': {e.Message}");
        }
    }
}
