using Functional.Training;

namespace Functional.Examples.Glyphs;

public static partial class GlyphWnet
{
    /// <summary>
    /// The ablation of <see cref="GlyphWnet"/>: everything, then each of the notes' tricks off in
    /// turn by its neutral setting. "Without the penalty" still computes the input gradients
    /// (weight 0), so its time per run is the stack's.
    /// </summary>
    // A getter, not an initializer: static initializers of partial classes run in no set order, and Definition is generated.
    public static IReadOnlyList<AblationVariant> Variants => VariantsOf(new Settings());

    /// <summary>The same variants around other settings (a smaller size for a quick ablation, say).</summary>
    public static IReadOnlyList<AblationVariant> VariantsOf(Settings stack) =>
    [
        new("all tricks", Definition.WithSettings(stack)),
        new("without the gradient penalty", Definition.WithSettings(stack with { PenaltyWeight = 0 })),
        new("without label smoothing", Definition.WithSettings(stack with { LabelSmoothing = 0 })),
        new("equal learning rates (D lr = G lr)", Definition.WithSettings(stack with { DiscriminatorLearningRate = stack.GeneratorLearningRate })),
        new("without the feature loss", Definition.WithSettings(stack with { FeatureWeight = 0 })),
        new("without the constancy losses", Definition.WithSettings(stack with { ContentConstancyWeight = 0, StyleConstancyWeight = 0 })),
    ];

    /// <summary><see cref="Variants"/>, for `ablate glyphs-wnet`.</summary>
    [Variants]
    public static IReadOnlyList<AblationVariant> Ablation() => Variants;
}
