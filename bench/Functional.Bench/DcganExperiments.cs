using Functional.Data;
using Functional.Losses;
using Functional.Optimizers;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Bench;

/// <summary>The benchmark's sizes: image side and latent width.</summary>
[Hyperparameters]
public sealed record DcganSize(int ImageSize = 64, int LatentSize = 128);

/// <summary>
/// The measured step: DCGAN, non-saturating loss, R1 (γ = 10) on every discriminator step, EMA of
/// the generator, Adam(2e-4, 0.5, 0.999) for both networks. The same math as HandWrittenDcganStep
/// and bench/reference/dcgan_step.py.
/// </summary>
[GanExperiment("bench-dcgan", Description = "DCGAN, NS loss, R1 every step, EMA")]
public static partial class DcganBench
{
    [Generator] public static Sequential Generator(DcganSize size) => Dcgan.Generator(size.ImageSize, size.LatentSize);
    [Discriminator] public static Sequential Discriminator(DcganSize size) => Dcgan.Discriminator(size.ImageSize);
    [Latent] public static Tensor Latent(long batchSize, Device device, DcganSize size, Generator random) => randn(batchSize, size.LatentSize, device: device, generator: random);
    [DiscriminatorLoss] public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GeneratorLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GeneratorOptimizer(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    [DiscriminatorOptimizer] public static Adam DiscriminatorOptimizer(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    [GradientPenalty(PenaltyInput.Real)] public static Tensor R1(Tensor inputGradients) => GradientPenalties.R1(inputGradients, gamma: 10);
    [ParameterAveraging] public static double Ema(long generatorStep) => 0.999;
}

/// <summary>The same step with R1 every 16 discriminator steps, scaled by 16 (lazy regularization).</summary>
[GanExperiment("bench-dcgan-lazy", Description = "DCGAN, NS loss, lazy R1 (every 16), EMA")]
public static partial class DcganLazyBench
{
    [Generator] public static Sequential Generator(DcganSize size) => Dcgan.Generator(size.ImageSize, size.LatentSize);
    [Discriminator] public static Sequential Discriminator(DcganSize size) => Dcgan.Discriminator(size.ImageSize);
    [Latent] public static Tensor Latent(long batchSize, Device device, DcganSize size, Generator random) => randn(batchSize, size.LatentSize, device: device, generator: random);
    [DiscriminatorLoss] public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GeneratorLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GeneratorOptimizer(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    [DiscriminatorOptimizer] public static Adam DiscriminatorOptimizer(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    [GradientPenalty(PenaltyInput.Real, Interval = 16)] public static Tensor R1(Tensor inputGradients) => GradientPenalties.R1(inputGradients, gamma: 10);
    [ParameterAveraging] public static double Ema(long generatorStep) => 0.999;
}

/// <summary>The 2-D MLP step of the benchmark: ring of 8, NS loss, R1 every step, EMA.</summary>
[GanExperiment("bench-mlp", Description = "2-D MLP, NS loss, R1 every step, EMA")]
public static partial class MlpBench
{
    [Generator] public static Sequential Generator() => MlpNetworks.Generator();
    [Discriminator] public static Sequential Discriminator() => MlpNetworks.Discriminator();
    [Latent] public static Tensor Latent(long batchSize, Device device, Generator random) => randn(batchSize, MlpNetworks.LatentSize, device: device, generator: random);
    [DiscriminatorLoss] public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GeneratorLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static Adam GeneratorOptimizer(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    [DiscriminatorOptimizer] public static Adam DiscriminatorOptimizer(IEnumerable<Parameter> parameters) => optim.Adam(parameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    [GradientPenalty(PenaltyInput.Real)] public static Tensor R1(Tensor inputGradients) => GradientPenalties.R1(inputGradients, gamma: 10);
    [ParameterAveraging] public static double Ema(long generatorStep) => 0.999;
}

/// <summary>DcganBench's step with FusedAdam (the same Adam math over flat buffers) for both networks.</summary>
[GanExperiment("bench-dcgan-fused", Description = "DCGAN, NS loss, R1 every step, EMA, FusedAdam")]
public static partial class DcganFusedBench
{
    [Generator] public static Sequential Generator(DcganSize size) => Dcgan.Generator(size.ImageSize, size.LatentSize);
    [Discriminator] public static Sequential Discriminator(DcganSize size) => Dcgan.Discriminator(size.ImageSize);
    [Latent] public static Tensor Latent(long batchSize, Device device, DcganSize size, Generator random) => randn(batchSize, size.LatentSize, device: device, generator: random);
    [DiscriminatorLoss] public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GeneratorLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static FusedAdam GeneratorOptimizer(IEnumerable<Parameter> parameters) => new(parameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    [DiscriminatorOptimizer] public static FusedAdam DiscriminatorOptimizer(IEnumerable<Parameter> parameters) => new(parameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    [GradientPenalty(PenaltyInput.Real)] public static Tensor R1(Tensor inputGradients) => GradientPenalties.R1(inputGradients, gamma: 10);
    [ParameterAveraging] public static double Ema(long generatorStep) => 0.999;
}

/// <summary>MlpBench's step with FusedAdam for both networks.</summary>
[GanExperiment("bench-mlp-fused", Description = "2-D MLP, NS loss, R1 every step, EMA, FusedAdam")]
public static partial class MlpFusedBench
{
    [Generator] public static Sequential Generator() => MlpNetworks.Generator();
    [Discriminator] public static Sequential Discriminator() => MlpNetworks.Discriminator();
    [Latent] public static Tensor Latent(long batchSize, Device device, Generator random) => randn(batchSize, MlpNetworks.LatentSize, device: device, generator: random);
    [DiscriminatorLoss] public static Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) => NonSaturating.Discriminator(realLogits, fakeLogits);
    [GeneratorLoss] public static Tensor GeneratorLoss(Tensor fakeLogits) => NonSaturating.Generator(fakeLogits);
    [GeneratorOptimizer] public static FusedAdam GeneratorOptimizer(IEnumerable<Parameter> parameters) => new(parameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    [DiscriminatorOptimizer] public static FusedAdam DiscriminatorOptimizer(IEnumerable<Parameter> parameters) => new(parameters, lr: 2e-4, beta1: 0.5, beta2: 0.999);
    [GradientPenalty(PenaltyInput.Real)] public static Tensor R1(Tensor inputGradients) => GradientPenalties.R1(inputGradients, gamma: 10);
    [ParameterAveraging] public static double Ema(long generatorStep) => 0.999;
}

public static class MlpNetworks
{
    public const int LatentSize = 8;
    public const int Hidden = 256;

    public static Sequential Generator() => nn.Sequential(
        nn.Linear(LatentSize, Hidden), nn.ReLU(), nn.Linear(Hidden, Hidden), nn.ReLU(), nn.Linear(Hidden, Hidden), nn.ReLU(), nn.Linear(Hidden, 2));

    public static Sequential Discriminator() => nn.Sequential(
        nn.Linear(2, Hidden), nn.LeakyReLU(0.2), nn.Linear(Hidden, Hidden), nn.LeakyReLU(0.2), nn.Linear(Hidden, 1));
}
