namespace Functional;

// Roles of paired style transfer (W-Net, glyphs-wnet): a discriminator that sees the batch's inputs
// beside the image it judges, a second class head for a second label (the font, where the first
// is the character), losses that use the generator's own encoders, and feature matching on the
// discriminator's features. docs/tricks.md's roles table lists them with their phase and slot.

/// <summary>
/// What the discriminator sees of one image, given the batch it belongs to: <c>Tensor M(Tensor input, Batch batch)</c>,
/// e.g. the image stacked with the batch's source (content and style glyphs) as channels. Applied to
/// real, generated and penalized inputs alike, in both phases; a gradient penalty differentiates
/// with respect to the image, not the condition.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DiscriminatorConditionAttribute : RoleAttribute;

/// <summary>
/// The loss of the discriminator's style head: <c>Tensor M(Tensor styleLogits, Tensor styleLabels)</c>,
/// with <see cref="Functional.Data.Batch.StyleLabels"/>; added to D's loss on real and generated
/// inputs and to G's on generated ones, as [AuxiliaryClassifier] is for the class head. The
/// discriminator then returns <c>(Tensor Logits, Tensor ClassLogits, Tensor StyleLogits)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class StyleClassifierAttribute : RoleAttribute;

/// <summary>
/// A term of the generator's loss computed with the generator's own encoders:
/// <c>Tensor M(TGenerator generator, Tensor generated, Tensor codes, Batch batch)</c>, where the
/// generator returns <c>(Tensor Output, Tensor Codes)</c> and <c>codes</c> are what its encoders made
/// of this batch's inputs (W-Net's constancy and encoder-classification losses). Several may be declared.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class EncoderLossAttribute : RoleAttribute;

/// <summary>
/// A term of the generator's loss from the discriminator's own features:
/// <c>Tensor M(TDiscriminator discriminator, Tensor generatedSeen, Tensor realSeen)</c>, given the
/// generated and the real batch as the discriminator sees them (conditioned, noised). Feature
/// matching (Salimans et al. 2016; pix2pixHD), and W-Net-PyTorch's stand-in for a trained classifier's features.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class FeatureMatchingLossAttribute : RoleAttribute;
