using TorchSharp;

namespace Functional.Data;

/// <summary>How to open a data source: batch size, seed, device, and, for experiments whose [Data] reads files, the path given with `train --data`.</summary>
public sealed record DataOptions(int BatchSize, long Seed, torch.Device Device, string? Path = null);

/// <summary>
/// An endless stream of shuffled batches. The tensors of a batch belong to the caller's dispose
/// scope; a source keeps its own state (its random generator, its position) explicitly.
/// </summary>
public interface IBatchSource : IDisposable
{
    /// <summary>Shape of one sample, without the batch dimension.</summary>
    IReadOnlyList<long> SampleShape { get; }

    /// <summary>Number of classes, or 0 for unlabelled data.</summary>
    int Classes { get; }

    /// <summary>Number of styles that <see cref="Batch.StyleLabels"/> tells apart (fonts, say), or 0 when batches have none.</summary>
    int StyleClasses => 0;

    Batch Next();

    /// <summary>The source's random state and position, for checkpoints; empty for a stateless source.</summary>
    byte[] GetState() => [];

    /// <summary>Restores what <see cref="GetState"/> returned.</summary>
    void SetState(byte[] state) { }
}
