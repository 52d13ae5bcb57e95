using Functional.Data;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Training;

/// <summary>
/// What the source generator knows about one experiment: its name, its tricks, how to make its
/// session and its default data, its hyperparameters (when it has a [Hyperparameters] record) and
/// its declared ablation variants. The generated registry lists one per [GanExperiment] class.
/// </summary>
public sealed record ExperimentDefinition(
    string Name,
    string Description,
    IReadOnlyList<string> Tricks,
    Func<SessionOptions, GanSession> CreateSession,
    Func<DataOptions, IBatchSource>? CreateData,
    int MetricSamples,
    int Classes = 0,
    bool DataReadsFiles = false,
    string? BestMetric = null,
    Hyperparameters? Hyperparameters = null,
    Func<IReadOnlyList<AblationVariant>>? Variants = null,
    TrainingLength? Length = null)
{
    /// <summary>How long `train` runs it unless told otherwise.</summary>
    public TrainingLength Training => Length ?? TrainingLength.Default;

    /// <summary>
    /// This experiment with <paramref name="settings"/> applied to its hyperparameters (all problems
    /// reported together); its sessions are made with the new values.
    /// </summary>
    public Validation<Error, ExperimentDefinition> Configure(IReadOnlyList<HyperparameterSetting> settings)
    {
        if (settings.Count == 0) return Success<Error, ExperimentDefinition>(this);
        if (Hyperparameters is null)
            return Fail<Error, ExperimentDefinition>(Error.New(
                $"experiment '{Name}' has no [Hyperparameters] record, so '{settings[0].Name}' ({settings[0].Source}) cannot be set"));
        return Hyperparameters.With(settings).Map(With);
    }

    /// <summary>This experiment with other hyperparameter values (a variant written in C#).</summary>
    public ExperimentDefinition With(Hyperparameters hyperparameters) =>
        this with { Hyperparameters = hyperparameters, CreateSession = hyperparameters.CreateSession, CreateData = hyperparameters.CreateData ?? CreateData };

    /// <summary>This experiment with <paramref name="settings"/> as its hyperparameter record.</summary>
    public ExperimentDefinition WithSettings<TSettings>(TSettings settings) where TSettings : class =>
        Hyperparameters is Hyperparameters<TSettings> typed
            ? With(typed.WithRecord(settings))
            : throw new InvalidOperationException($"experiment '{Name}' has no [Hyperparameters] record of type {typeof(TSettings).Name}");
}
