using Functional.Generators.Model;

namespace Functional.Generators.Emitting;

/// <summary>How the generated code calls a role method: its arguments, then the hyperparameter record and the session's generator where it takes them.</summary>
internal static class Calls
{
    /// <summary>A call from inside the session: <c>Class.Method(arguments, hyperparameters, Random)</c>.</summary>
    public static string Of(ExperimentSpec spec, RoleCall call, string arguments = "", string random = "Random") =>
        $"{spec.Identity.ClassName}.{call.Method}({Join(arguments, call.TakesHyperparameters ? "hyperparameters" : "", call.TakesRandom ? random : "")})";

    /// <summary>A call from the static definition, where the record is the default one.</summary>
    public static string Static(ExperimentSpec spec, RoleCall call, string arguments) =>
        $"{spec.Identity.ClassName}.{call.Method}({Join(arguments, call.TakesHyperparameters ? $"new {spec.Hyperparameters!.Type}()" : "", "")})";

    static string Join(params string[] parts) => string.Join(", ", System.Linq.Enumerable.Where(parts, p => p.Length > 0));
}
