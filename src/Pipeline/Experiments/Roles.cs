namespace Functional;

// Role attributes: each marks a static method of a [GanExperiment] class as one part of the
// training step. Every role method may also take the experiment's [Hyperparameters] record as a
// parameter. The expected signatures are checked at compile time (diagnostics FGAN0xx).

/// <summary>The generator network: <c>Module&lt;Tensor, Tensor&gt; M()</c>, or <c>Module&lt;Tensor, Tensor, Tensor&gt;</c> (latent, labels) when conditional.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class GeneratorAttribute : Attribute;

/// <summary>The discriminator network: <c>Module&lt;Tensor, Tensor&gt; M()</c>, or <c>Module&lt;Tensor, Tensor, Tensor&gt;</c> (input, labels) when conditional.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DiscriminatorAttribute : Attribute;

/// <summary>Draws a latent batch: <c>Tensor M(long batchSize, Device device)</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class LatentAttribute : Attribute;

/// <summary>The discriminator's loss: <c>Tensor M(Tensor realLogits, Tensor fakeLogits)</c>, or with targets <c>(realLogits, fakeLogits, realTargets, fakeTargets)</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DiscriminatorLossAttribute : Attribute;

/// <summary>The generator's loss: <c>Tensor M(Tensor fakeLogits)</c>, or <c>(fakeLogits, realLogits)</c> for relativistic losses.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class GeneratorLossAttribute : Attribute;

/// <summary>The generator's optimizer: <c>Optimizer M(IEnumerable&lt;Parameter&gt; parameters)</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class GeneratorOptimizerAttribute : Attribute;

/// <summary>The discriminator's optimizer: <c>Optimizer M(IEnumerable&lt;Parameter&gt; parameters)</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DiscriminatorOptimizerAttribute : Attribute;

/// <summary>
/// The training data: <c>IBatchSource M(DataOptions options)</c>. With <see cref="ReadsFiles"/>, the
/// method reads <see cref="Functional.Data.DataOptions.Path"/> when it is set (`train --data PATH`)
/// and makes its built-in data otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DataAttribute : Attribute
{
    public bool ReadsFiles { get; set; }
}

/// <summary>Evaluates generated samples: <c>MetricSet M(Tensor samples)</c>; <see cref="Samples"/> is how many are drawn.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class MetricsAttribute : Attribute
{
    public int Samples { get; set; } = 2500;

    /// <summary>The metric whose best evaluation `train` keeps as checkpoints/best.ckpt unless told otherwise (default: the first one).</summary>
    public string Best { get; set; } = "";
}

/// <summary>
/// The experiment's ablation variants, declared next to it: <c>IReadOnlyList&lt;AblationVariant&gt; M()</c>.
/// `ablate NAME` runs them (each across the seeds asked for).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class VariantsAttribute : Attribute;
