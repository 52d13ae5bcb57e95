using System.Globalization;
using Functional.Generators.Model;
using static Functional.Generators.Emitting.Names;

namespace Functional.Generators.Emitting;

/// <summary>Writes the experiment's registry entry: its name, tricks, factories and settable hyperparameters.</summary>
internal static class DefinitionEmitter
{
    public static void Emit(SourceWriter w, ExperimentSpec spec)
    {
        var id = spec.Identity;
        w.Line("/// <summary>This experiment's entry in the assembly's registry.</summary>");
        w.Line($"public static {Definition} Definition {{ get; }} = new(");
        w.Line($"    Name: {Literal(id.Name)},");
        w.Line($"    Description: {Literal(id.Description)},");
        w.Line($"    Tricks: Session.TrickNames,");
        w.Line($"    CreateSession: static options => new Session(options),");
        w.Line(spec.Data is { } data
            ? $"    CreateData: static options => {Calls.Static(spec, data.Call, "options")},"
            : "    CreateData: null,");
        w.Line($"    MetricSamples: {spec.Metrics?.Samples ?? 2500},");
        w.Line($"    Classes: {id.Classes},");
        if (spec.Metrics is { Best.Length: > 0 } metrics) w.Line($"    BestMetric: {Literal(metrics.Best)},");
        w.Line($"    DataReadsFiles: {(spec.Data?.ReadsFiles == true ? "true" : "false")},");
        w.Line(spec.Variants is { } variants
            ? $"    Variants: static () => {id.ClassName}.{variants.Call.Method}(),"
            : "    Variants: null,");
        if (id.Steps > 0 || id.BatchSize > 0 || id.EvaluateEvery > 0)
            w.Line($"    Length: {TrainingLength}.FromAttribute({id.Steps}, {id.BatchSize}, {id.EvaluateEvery}),");
        if (spec.Hyperparameters is { Settable: true } hyper)
        {
            var record = hyper.Type;
            w.Line($"    Hyperparameters: {HyperparametersOf}(");
            w.Line($"        new {record}(),");
            w.Line($"        static (options, hyperparameters) => new Session(options, hyperparameters){(hyper.Fields.Length > 0 || DataTakesRecord(spec) ? "," : "));")}");
            // A [Data] method that takes the record gets the configured one (its image size, say), not the defaults.
            if (DataTakesRecord(spec))
                w.Line($"        static (options, hyperparameters) => {Calls.Of(spec, spec.Data!.Call, "options")}{(hyper.Fields.Length > 0 ? "," : "));")}");
            for (var i = 0; i < hyper.Fields.Length; i++)
            {
                var f = hyper.Fields[i];
                w.Line($"        new {HyperparameterField}<{record}>(new {Hyperparameter}({Literal(f.Member)}, {Names.HyperparameterKind}.{f.Kind}, {Double(f.Minimum)}, {Double(f.Maximum)}, {Literal(f.Description)}),");
                w.Line($"            static s => s.{f.Member}, static (s, v) => s with {{ {f.Member} = {Cast(f.Type)} }}){(i < hyper.Fields.Length - 1 ? "," : "));")}");
            }
        }
        else
            w.Line("    Hyperparameters: null);");
    }

    static bool DataTakesRecord(ExperimentSpec spec) => spec.Data is { Call.TakesHyperparameters: true };

    /// <summary>From the boxed value `--set` parsed (bool, long, double or string) to the member's type.</summary>
    static string Cast(MemberType type) => type switch
    {
        MemberType.Boolean => "(bool)v",
        MemberType.Int32 => "(int)(long)v",
        MemberType.Int64 => "(long)v",
        MemberType.Single => "(float)(double)v",
        MemberType.Double => "(double)v",
        _ => "(string)v",
    };

    static string Double(double value) =>
        double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
        : value.ToString("R", CultureInfo.InvariantCulture) + "d";
}
