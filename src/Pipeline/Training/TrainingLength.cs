namespace Functional.Training;

/// <summary>
/// How long an experiment trains when `train NAME` is not told otherwise: what its
/// [GanExperiment] attribute declares (the length it was tuned at), else the library's defaults.
/// </summary>
public sealed record TrainingLength(long? DeclaredSteps = null, int? DeclaredBatchSize = null, int? DeclaredEvaluateEvery = null)
{
    public const long DefaultSteps = 3000;
    public const int DefaultBatchSize = 256;
    public const int DefaultEvaluateEvery = 1000;

    public static TrainingLength Default { get; } = new();

    public long Steps => DeclaredSteps ?? DefaultSteps;
    public int BatchSize => DeclaredBatchSize ?? DefaultBatchSize;
    public int EvaluateEvery => DeclaredEvaluateEvery ?? DefaultEvaluateEvery;

    /// <summary>The attribute's values, 0 meaning "not declared".</summary>
    public static TrainingLength FromAttribute(long steps, int batchSize, int evaluateEvery) =>
        new(steps > 0 ? steps : null, batchSize > 0 ? batchSize : null, evaluateEvery > 0 ? evaluateEvery : null);

    public override string ToString() =>
        $"{Steps} steps{(DeclaredSteps is null ? "" : " (declared)")}, batch {BatchSize}{(DeclaredBatchSize is null ? "" : " (declared)")}, evaluated every {EvaluateEvery}{(DeclaredEvaluateEvery is null ? "" : " (declared)")}";
}
