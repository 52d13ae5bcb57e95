namespace Functional;

/// <summary>Which discriminator inputs a gradient penalty differentiates at.</summary>
public enum PenaltyInput
{
    /// <summary>Real data (R1, Mescheder et al. 2018).</summary>
    Real,
    /// <summary>Generated data (R2).</summary>
    Fake,
    /// <summary>Random interpolates of real and generated data (WGAN-GP, Gulrajani et al. 2017).</summary>
    Interpolated,
    /// <summary>Real data plus noise (DRAGAN, Kodali et al. 2017).</summary>
    PerturbedReal,
}

/// <summary>
/// A gradient penalty added to the discriminator loss: <c>Tensor M(Tensor inputGradients)</c>, given
/// the gradient of the discriminator's output with respect to its input at <see cref="Input"/>.
/// With <see cref="Interval"/> k &gt; 1 it runs every k-th discriminator step, scaled by k (lazy
/// regularization, StyleGAN2); the step computes input gradients only on those steps.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class GradientPenaltyAttribute(PenaltyInput input) : RoleAttribute
{
    public PenaltyInput Input { get; } = input;
    public int Interval { get; set; } = 1;
}

/// <summary>When each network trains: <c>TrainingSchedule M()</c> (warm-up, n discriminator steps per generator step).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class TrainingScheduleAttribute : RoleAttribute;

/// <summary>Turns hard targets (1 real, 0 fake) into the targets the loss sees: <c>Tensor M(Tensor hardTargets)</c>. Needs a discriminator loss that takes targets.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class TargetLabelsAttribute : RoleAttribute;

/// <summary>Transforms every discriminator input, real and fake: <c>Tensor M(Tensor input, long discriminatorStep)</c> (instance noise).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class InstanceNoiseAttribute : RoleAttribute;

/// <summary>
/// Keeps an averaged copy of the generator: <c>double M(long generatorStep)</c> gives the decay for
/// that step (0 copies, 1 keeps the average). Sampling and evaluation use the average by default.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ParameterAveragingAttribute : RoleAttribute;

/// <summary>Runs after the discriminator's backward pass, before its update: <c>void M(IEnumerable&lt;Parameter&gt; parameters)</c> (gradient clipping).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AfterDiscriminatorBackwardAttribute : RoleAttribute;

/// <summary>Runs after the discriminator's update: <c>void M(IEnumerable&lt;Parameter&gt; parameters)</c> (weight clipping).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AfterDiscriminatorStepAttribute : RoleAttribute;

/// <summary>
/// AC-GAN's auxiliary classification loss, on real and fake: <c>Tensor M(Tensor classLogits, Tensor labels)</c>.
/// The discriminator then returns <c>(Tensor Logits, Tensor ClassLogits)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AuxiliaryClassifierAttribute : RoleAttribute;

/// <summary>
/// A loss between generated and target data added to the generator loss (paired tasks):
/// <c>Tensor M(Tensor generated, Tensor target)</c>, optionally with a third parameter of the
/// type that the experiment's [FrozenNetwork] returns (perceptual loss).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ReconstructionLossAttribute : RoleAttribute;

/// <summary>
/// A network built once per session and frozen (no gradients, eval mode), handed to the
/// reconstruction loss: <c>T M(DataOptions data)</c> where T is a Module (a feature extractor).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class FrozenNetworkAttribute : RoleAttribute;

/// <summary>
/// Scales every optimizer's learning rate at each discriminator step: <c>double M(long discriminatorStep, long totalSteps)</c>
/// gives the factor by which the optimizers' initial rates are multiplied (1 keeps them;
/// <c>LearningRateSchedules.LinearToZero</c> decays them to 0 at the run's last step).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class LearningRateScheduleAttribute : RoleAttribute;

/// <summary>
/// PacGAN's packing: the discriminator judges m samples at once, concatenated along their
/// features, real with real and generated with generated: <c>int M()</c> gives m (1: the plain
/// discriminator, whose input width must then be m times a sample's). The batch size must be a
/// multiple of m; gradient penalties differentiate at the unpacked samples.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class PackingAttribute : RoleAttribute;

/// <summary>
/// A categorical code appended to the latent (InfoGAN, Chen et al. 2016): <c>int M()</c> gives the
/// number of categories K (0: none). Each batch draws one category per sample, uniformly, from
/// the session's generator, and the generator's input is the latent followed by the code's one-hot.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class LatentCodeAttribute : RoleAttribute;

/// <summary>
/// InfoGAN's mutual-information term: <c>Tensor M(Tensor codeLogits, Tensor codes)</c>, given the
/// discriminator's second head on generated samples and the codes they were drawn with, added to
/// the discriminator's loss and to the generator's. Needs a [LatentCode] and a discriminator that
/// returns (Tensor Logits, Tensor CodeLogits).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class MutualInformationAttribute : RoleAttribute;

/// <summary>
/// Augments every discriminator input, real and generated alike, in both phases, so the generator
/// learns through the augmentation and it does not leak into its samples (DiffAugment, Zhao et al.
/// 2020; ADA, Karras et al. 2020): <c>Tensor M(Tensor images, double probability, Generator random)</c>.
/// The probability is <see cref="Probability"/> throughout, or, with <see cref="Target"/> set,
/// adapted by ADA's heuristic: every <see cref="Interval"/> discriminator steps the overfitting
/// signal r_t = E[sign(D(real))] over them moves p by (images seen) / <see cref="ImagesPerUnit"/>
/// toward more augmentation when r_t is above the target and less when below, within [0, 1].
/// The session keeps p (and the signal's running sum) and checkpoints save it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AugmentationAttribute : RoleAttribute
{
    /// <summary>p when it is fixed (default 1: every transform on every image, DiffAugment as published); the starting p when adaptive (default 0, as ADA).</summary>
    public double Probability { get; set; } = double.NaN;

    /// <summary>ADA's target for r_t, in (0, 1) (the paper's 0.6); unset (NaN): p is fixed.</summary>
    public double Target { get; set; } = double.NaN;

    /// <summary>Discriminator steps between adjustments of p (ADA's 4).</summary>
    public int Interval { get; set; } = 4;

    /// <summary>Images over which p can move by 1 (ADA's 500,000: ada_kimg = 500); fewer adapt faster, for short runs.</summary>
    public long ImagesPerUnit { get; set; } = 500_000;
}
