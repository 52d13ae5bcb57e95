using LanguageExt;
using LanguageExt.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Data;

/// <summary>
/// Batches from a <see cref="LabelledImages"/> set kept on the batch device: each epoch is a fresh
/// permutation drawn from a generator seeded with <see cref="DataOptions.Seed"/>, cut into batches
/// of exactly <see cref="DataOptions.BatchSize"/>; the last incomplete batch of an epoch is left out
/// (as PyTorch's drop_last), so every batch has the same size and every image is seen within two epochs.
/// </summary>
public abstract class LabelledImageSource : IBatchSource
{
    readonly DataOptions options;
    readonly torch.Generator generator;
    readonly Tensor images;
    readonly Tensor labels;
    readonly bool ownsData;
    Tensor? order;
    long position;

    protected LabelledImageSource(LabelledImages data, DataOptions options, bool ownsData = true)
    {
        this.ownsData = ownsData;
        if (options.BatchSize < 1 || options.BatchSize > data.Count)
            throw new ArgumentException($"batch size {options.BatchSize} must be between 1 and the {data.Count} images of the set");
        Data = data;
        this.options = options;
        generator = new torch.Generator((ulong)options.Seed);
        images = data.Images.to(options.Device).DetachFromDisposeScope();
        labels = data.Labels.to(options.Device).DetachFromDisposeScope();
    }

    /// <summary>The whole set, on the CPU: for metrics against real data.</summary>
    public LabelledImages Data { get; }

    public IReadOnlyList<long> SampleShape => Data.SampleShape;
    public int Classes => Data.Classes;
    public long Epoch { get; private set; }

    public Batch Next()
    {
        if (order is null || position + options.BatchSize > order.size(0))
        {
            if (order is not null) Epoch++;
            order?.Dispose();
            order = randperm(Data.Count, generator: generator).to(options.Device).DetachFromDisposeScope();
            position = 0;
        }
        using var indices = order.narrow(0, position, options.BatchSize);
        position += options.BatchSize;
        // An unlabelled set (no classes) gives batches without labels.
        return new Batch(images.index_select(0, indices), Data.Classes > 0 ? labels.index_select(0, indices) : null);
    }

    public void Dispose()
    {
        order?.Dispose();
        if (!ReferenceEquals(images, Data.Images)) images.Dispose();
        if (!ReferenceEquals(labels, Data.Labels)) labels.Dispose();
        if (ownsData) Data.Dispose();
        generator.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Batches of <paramref name="data"/> that leave it to its owner (<paramref name="ownsData"/>
    /// false): a second stream over a set another source serves, with a seed of its own, such as
    /// the batches a metric's classifier trains on.
    /// </summary>
    public static IBatchSource Over(LabelledImages data, DataOptions options, bool ownsData = false) =>
        new ImageSetBatches(data, options, ownsData);

    sealed class ImageSetBatches(LabelledImages data, DataOptions options, bool ownsData) : LabelledImageSource(data, options, ownsData);

    /// <summary>Checks the batch size before the set is served, disposing the set when it cannot be.</summary>
    internal static Fin<T> Serve<T>(LabelledImages data, DataOptions options, Func<T> create)
    {
        var count = data.Count;
        if (options.BatchSize >= 1 && options.BatchSize <= count) return create();
        data.Dispose();
        return Error.New($"batch size {options.BatchSize} must be between 1 and the {count} images of the set");
    }
}
