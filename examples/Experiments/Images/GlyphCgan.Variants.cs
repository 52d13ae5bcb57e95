using Functional.Training;

namespace Functional.Examples.Images;

public static partial class GlyphCgan
{
    /// <summary>Discriminator steps (one generator step each) that the ablation trains every run for.</summary>
    public const long AblationSteps = 1200;
    public const int AblationBatchSize = 64;

    /// <summary>
    /// The ablation of <see cref="GlyphCgan"/>: the whole stack, then each trick switched off in turn
    /// by its neutral setting. "Without R1" still computes the input gradients (γ = 0), so its time
    /// per run is the stack's.
    /// </summary>
    // A getter, not an initializer: static initializers of partial classes run in no set order, and Definition is generated.
    public static IReadOnlyList<AblationVariant> Variants =>
    [
        new("all tricks", Definition),
        new("without spectral norm", With(s => s with { SpectralNorm = false })),
        new("without R1", With(s => s with { R1Gamma = 0 })),
        new("without TTUR (D lr = G lr)", With(s => s with { DiscriminatorLearningRate = s.GeneratorLearningRate })),
        new("without EMA", With(s => s with { EmaDecay = 0 })),
    ];

    /// <summary><see cref="Variants"/>, for `ablate glyphs-cgan`.</summary>
    [Variants]
    public static IReadOnlyList<AblationVariant> Ablation() => Variants;

    static ExperimentDefinition With(Func<Settings, Settings> change) => Definition.WithSettings(change(new Settings()));
}
