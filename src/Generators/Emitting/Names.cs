namespace Functional.Generators.Emitting;

/// <summary>Fully qualified names the generated code uses.</summary>
internal static class Names
{
    public const string Torch = "global::TorchSharp.torch";
    public const string MoveTo = "global::TorchSharp.ModuleExtensionMethods.to";
    public const string Tensor = "global::TorchSharp.torch.Tensor";
    public const string Session = "global::Functional.Training.GanSession";
    public const string SessionOptions = "global::Functional.Training.SessionOptions";
    public const string Definition = "global::Functional.Training.ExperimentDefinition";
    public const string NamedModule = "global::Functional.Training.NamedModule";
    public const string NamedOptimizer = "global::Functional.Training.NamedOptimizer";
    public const string Schedule = "global::Functional.Training.TrainingSchedule";
    public const string Support = "global::Functional.Training.SessionSupport";
    public const string TrainingLength = "global::Functional.Training.TrainingLength";
    public const string SessionRandom = "global::Functional.Training.SessionRandom";
    public const string Generator = "global::TorchSharp.torch.Generator";
    public const string Batch = "global::Functional.Data.Batch";
    public const string DataOptions = "global::Functional.Data.DataOptions";
    public const string MetricSet = "global::Functional.Metrics.MetricSet";
    public const string Parameter = "global::TorchSharp.Modules.Parameter";
    public const string Penalties = "global::Functional.Tricks.GradientPenalties";
    public const string Packing = "global::Functional.Tricks.Packing";
    /// <summary>The session's place in a data-parallel run: its shard of the batch and the gradient all-reduce.</summary>
    public const string Parallel = "Parallel";
    public const string AveragedParameters = "global::Functional.Tricks.AveragedParameters";
    public const string Augmentation = "global::Functional.Tricks.AdaptiveAugmentation";
    public const string BatchSource = "global::Functional.Data.IBatchSource";
    public const string HyperparametersOf = "global::Functional.Training.Hyperparameters.Of";
    public const string HyperparameterField = "global::Functional.Training.HyperparameterField";
    public const string Hyperparameter = "global::Functional.Training.Hyperparameter";
    public const string HyperparameterKind = "global::Functional.Training.HyperparameterKind";

    public static string Literal(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "") + "\"";
}
