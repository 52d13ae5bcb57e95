using TorchSharp;

namespace Functional.Data;

/// <summary>
/// Batches drawn from a <see cref="GaussianMixture"/> with the index of each point's mode as its
/// label: a labelled 2-D source for conditional and auxiliary-classifier experiments (one class per mode).
/// </summary>
public sealed class LabelledMixtureBatches(GaussianMixture mixture, DataOptions options) : IBatchSource, IMixtureSource
{
    readonly torch.Generator generator = new torch.Generator((ulong)options.Seed);

    public IReadOnlyList<long> SampleShape { get; } = [2];
    public int Classes => mixture.Modes;
    public GaussianMixture Mixture => mixture;

    public Batch Next()
    {
        var (points, modes) = mixture.SampleWithModes(options.BatchSize, generator, options.Device);
        return new Batch(points, Labels: modes);
    }

    public void Dispose() => generator.Dispose();
}
