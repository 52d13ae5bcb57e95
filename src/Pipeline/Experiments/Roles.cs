namespace Functional;

// Role attributes: each marks a static method of a [GanExperiment] class as one part of the
// training step. Every role method may also take, last, the experiment's [Hyperparameters] record
// and then a torch.Generator: the session's own random stream, which a role that draws random
// numbers should draw from (randn(…, generator: random)), so that the run is reproducible from its
// seed and no other session or evaluation takes its numbers. The expected signatures are checked
// at compile time (diagnostics FGAN0xx); docs/tricks.md lists every role with its phase and slot.

/// <summary>The generator network: <c>Module&lt;Tensor, Tensor&gt; M()</c>, or <c>Module&lt;Tensor, Tensor, Tensor&gt;</c> (latent, labels) when conditional.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class GeneratorAttribute : RoleAttribute;

/// <summary>The discriminator network: <c>Module&lt;Tensor, Tensor&gt; M()</c>, or <c>Module&lt;Tensor, Tensor, Tensor&gt;</c> (input, labels) when conditional.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DiscriminatorAttribute : RoleAttribute;

/// <summary>Draws a latent batch: <c>Tensor M(long batchSize, Device device, Generator random)</c> (the generator optional), or <c>Tensor M(Batch batch)</c> for paired tasks.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class LatentAttribute : RoleAttribute;

/// <summary>The discriminator's loss: <c>Tensor M(Tensor realLogits, Tensor fakeLogits)</c>, or with targets <c>(realLogits, fakeLogits, realTargets, fakeTargets)</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DiscriminatorLossAttribute : RoleAttribute;

/// <summary>The generator's loss: <c>Tensor M(Tensor fakeLogits)</c>, or <c>(fakeLogits, realLogits)</c> for relativistic losses.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class GeneratorLossAttribute : RoleAttribute;

/// <summary>The generator's optimizer: <c>Optimizer M(IEnumerable&lt;Parameter&gt; parameters)</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class GeneratorOptimizerAttribute : RoleAttribute;

/// <summary>The discriminator's optimizer: <c>Optimizer M(IEnumerable&lt;Parameter&gt; parameters)</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DiscriminatorOptimizerAttribute : RoleAttribute;

/// <summary>
/// The training data: <c>IBatchSource M(DataOptions options)</c>. With <see cref="ReadsFiles"/>, the
/// method reads <see cref="Functional.Data.DataOptions.Path"/> when it is set (`train --data PATH`)
/// and makes its built-in data otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DataAttribute : RoleAttribute
{
    public bool ReadsFiles { get; set; }
}

/// <summary>
/// Evaluates generated samples: <c>MetricSet M(Tensor samples)</c>; <see cref="Samples"/> is how many
/// are drawn. A paired experiment's metrics translate held-out batches themselves:
/// <c>MetricSet M(Func&lt;Batch, Tensor&gt; translate, DataOptions data)</c>, given the run's data options
/// (its `--data` path, with <see cref="Samples"/> as the batch size).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class MetricsAttribute : RoleAttribute
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
public sealed class VariantsAttribute : RoleAttribute;
