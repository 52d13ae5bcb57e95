using Functional.Networks;
using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>The small pieces of work that generated sessions share, kept out of the generated text.</summary>
public static class SessionSupport
{
    /// <summary>
    /// Drops the gradients of <paramref name="parameters"/> before a backward pass (PyTorch's
    /// <c>zero_grad(set_to_none=True)</c>, its default): no memset, and no managed wrapper per
    /// parameter, where TorchSharp's <c>Optimizer.zero_grad()</c> fetches and zeroes each gradient.
    /// Optimizers skip a parameter whose gradient stays unset, as PyTorch's do.
    /// </summary>
    public static void ClearGradients(TorchSharp.Modules.Parameter[] parameters)
    {
        for (var i = 0; i < parameters.Length; i++) parameters[i].grad = null;
    }

    /// <summary>The parameters of <paramref name="network"/> that train (require gradients), in order: what its backward pass is asked for.</summary>
    public static TorchSharp.Modules.Parameter[] Trained(nn.Module network) =>
        network.parameters().Where(p => p.requires_grad).ToArray();

    /// <summary>No gradients, evaluation mode: for averaged copies and frozen feature networks.</summary>
    public static void Freeze(nn.Module module) => Functional.Tricks.FeatureTaps.Freeze(module);

    public static TrainingSchedule Validated(TrainingSchedule schedule) =>
        schedule.Problem() is { } problem ? throw new ArgumentException($"[TrainingSchedule]: {problem}.") : schedule;

    /// <summary>The run-time twin of warning FGAN007: BatchNorm couples samples, so per-sample input gradients are wrong.</summary>
    public static void RejectBatchNorm(nn.Module discriminator, string experiment, string penalty)
    {
        var found = NormalizationAudit.BatchNormLayers(discriminator);
        if (!found.IsEmpty)
            throw new ArgumentException(
                $"Experiment {experiment}: the discriminator has BatchNorm ({string.Join(", ", found)}) and gradient penalty {penalty}; "
                + "use LayerNorm, InstanceNorm, GroupNorm, weight norm or spectral norm in a penalized discriminator.");
    }

    /// <summary>A [LatentCode] method's number of categories, checked: 0 (no code) or more.</summary>
    public static int CodeCategories(int categories) =>
        categories >= 0 ? categories : throw new ArgumentException($"[LatentCode]: the code has {categories} categories; use 0 (no code) or more.");

    /// <summary>One category per sample, uniform over <paramref name="categories"/>, from <paramref name="random"/> (an empty tensor of zeros when there are none).</summary>
    public static Tensor DrawCodes(long count, int categories, Device device, Generator random) =>
        categories > 0
            ? randint(0, categories, [count], generator: random, dtype: ScalarType.Int64, device: device)
            : zeros([count], dtype: ScalarType.Int64, device: device);

    /// <summary>The latent followed by the codes' one-hot (the latent alone when there are no categories).</summary>
    public static Tensor WithCode(Tensor latent, Tensor codes, int categories) =>
        categories > 0 ? cat([latent, nn.functional.one_hot(codes, categories).to(latent.dtype)], 1) : latent;

    /// <summary>Sets every parameter group's learning rate to its initial rate times <paramref name="factor"/> (a [LearningRateSchedule]).</summary>
    public static void ScaleLearningRates(NamedOptimizer[] optimizers, double factor)
    {
        if (!(factor >= 0) || double.IsInfinity(factor))
            throw new ArgumentException($"[LearningRateSchedule]: the factor is {factor}; use a finite number, 0 or more.");
        foreach (var optimizer in optimizers)
        foreach (var group in optimizer.Optimizer.ParamGroups)
            group.LearningRate = group.InitialLearningRate * factor;
    }

    public static InvalidOperationException MetricsNeedData(string experiment) =>
        new($"Experiment {experiment}'s metrics compare samples with the run's data; evaluate with the data source it trains on (Trainer.Evaluate(session, samples, data: source)).");

    public static InvalidOperationException MissingLabels(string experiment) =>
        new($"Experiment {experiment} is conditional but its data has no labels; train it on a labelled data source.");

    public static InvalidOperationException MissingStyleLabels(string experiment) =>
        new($"Experiment {experiment} classifies styles but its data has no style labels; train it on a source whose batches have StyleLabels.");

    /// <summary>Labels 0, 1, …, classes−1, 0, 1, … for sampling every class evenly.</summary>
    public static Tensor CycleLabels(long count, int classes, Device device) =>
        arange(count, dtype: ScalarType.Int64, device: device).remainder(classes);

    public static Tensor Generate(nn.Module<Tensor, Tensor> network, Tensor latent)
    {
        var wasTraining = network.training;
        using var noGrad = no_grad();
        network.eval();
        try { return network.call(latent); }
        finally { network.train(wasTraining); }
    }

    /// <summary>An encoded generator's output, without its codes.</summary>
    public static Tensor Generate(nn.Module<Tensor, (Tensor Output, Tensor Codes)> network, Tensor latent)
    {
        var wasTraining = network.training;
        using var noGrad = no_grad();
        network.eval();
        try { return network.call(latent).Output; }
        finally { network.train(wasTraining); }
    }

    public static Tensor Generate(nn.Module<Tensor, Tensor, Tensor> network, Tensor latent, Tensor labels)
    {
        var wasTraining = network.training;
        using var noGrad = no_grad();
        network.eval();
        try { return network.call(latent, labels); }
        finally { network.train(wasTraining); }
    }
}
