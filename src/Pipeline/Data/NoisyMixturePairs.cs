using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Data;

/// <summary>
/// A paired 2-D task, denoising: each batch's <see cref="Batch.Source"/> is a mixture point plus
/// N(0, <paramref name="noise"/>² I), its <see cref="Batch.Real"/> the clean point. A translation
/// experiment maps the noisy point back onto its mode, with a reconstruction loss to the clean one.
/// </summary>
public sealed class NoisyMixturePairs(GaussianMixture mixture, DataOptions options, double noise = 0.1) : IBatchSource, IMixtureSource
{
    readonly torch.Generator generator = new torch.Generator((ulong)options.Seed);
    readonly double noise = noise >= 0 ? noise : throw new ArgumentOutOfRangeException(nameof(noise), noise, "Noise must be ≥ 0.");

    public IReadOnlyList<long> SampleShape { get; } = [2];
    public int Classes => 0;
    public GaussianMixture Mixture => mixture;

    public Batch Next()
    {
        var clean = mixture.Sample(options.BatchSize, generator, options.Device);
        var perturbation = (randn([options.BatchSize, 2], generator: generator) * noise).to(options.Device);
        return new Batch(clean, Source: clean + perturbation);
    }

    public void Dispose() => generator.Dispose();
}
