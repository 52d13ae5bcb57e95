using System.Diagnostics.Contracts;
using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Data;

/// <summary>An equal-weight mixture of isotropic 2-D Gaussians: the PacGAN mode-collapse benchmarks.</summary>
public sealed record GaussianMixture(double[,] Means, double Sigma)
{
    public int Modes => Means.GetLength(0);

    /// <summary>Ring of <paramref name="modes"/> Gaussians, means at (r cos 2πi/k, r sin 2πi/k), σ = 0.01 (PacGAN).</summary>
    [Pure]
    public static GaussianMixture Ring(int modes = 8, double radius = 1.0, double sigma = 0.01)
    {
        var means = new double[modes, 2];
        for (var i = 0; i < modes; i++)
        {
            var angle = 2 * Math.PI * i / modes;
            means[i, 0] = radius * Math.Cos(angle);
            means[i, 1] = radius * Math.Sin(angle);
        }
        return new GaussianMixture(means, sigma);
    }

    /// <summary>Grid of 25 Gaussians with means on {−4, −2, 0, 2, 4}², σ = 0.05 (PacGAN).</summary>
    [Pure]
    public static GaussianMixture Grid(int side = 5, double spacing = 2.0, double sigma = 0.05)
    {
        var means = new double[side * side, 2];
        var offset = (side - 1) / 2.0;
        for (var i = 0; i < side; i++)
        for (var j = 0; j < side; j++)
        {
            means[i * side + j, 0] = (i - offset) * spacing;
            means[i * side + j, 1] = (j - offset) * spacing;
        }
        return new GaussianMixture(means, sigma);
    }

    /// <summary>The means as a [modes, 2] float tensor.</summary>
    public Tensor MeansTensor(Device? device = null)
    {
        var flat = new float[Modes * 2];
        for (var i = 0; i < Modes; i++)
        {
            flat[2 * i] = (float)Means[i, 0];
            flat[2 * i + 1] = (float)Means[i, 1];
        }
        return tensor(flat, [Modes, 2], device: device);
    }

    /// <summary>Draws <paramref name="count"/> points: a uniform mode per point plus σ·N(0, I).</summary>
    public Tensor Sample(long count, torch.Generator generator, Device? device = null) =>
        SampleWithModes(count, generator, device).Points;

    /// <summary>
    /// Draws <paramref name="count"/> points and the index of the mode each was drawn from (int64),
    /// the same draws as <see cref="Sample"/> for the same generator state.
    /// </summary>
    public (Tensor Points, Tensor Modes) SampleWithModes(long count, torch.Generator generator, Device? device = null)
    {
        using var scope = NewDisposeScope();
        var means = MeansTensor();
        var modes = randint(0, Modes, [count], generator: generator, dtype: int64);
        var noise = randn([count, 2], generator: generator) * Sigma;
        var points = means.index_select(0, modes) + noise;
        return (points.to(device ?? CPU).MoveToOuterDisposeScope(), modes.to(device ?? CPU).MoveToOuterDisposeScope());
    }
}

/// <summary>Batches drawn from a <see cref="GaussianMixture"/>: fresh points every batch, seeded.</summary>
public sealed class MixtureBatches(GaussianMixture mixture, DataOptions options) : IBatchSource, IMixtureSource
{
    readonly torch.Generator generator = new torch.Generator((ulong)options.Seed);

    public IReadOnlyList<long> SampleShape { get; } = [2];
    public int Classes => 0;
    public GaussianMixture Mixture => mixture;

    public Batch Next() => new(mixture.Sample(options.BatchSize, generator, options.Device));

    public byte[] GetState() => GeneratorState.Get(generator);

    public void SetState(byte[] state) => GeneratorState.Set(generator, state);

    public void Dispose() => generator.Dispose();
}
