using Functional.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Metrics;

/// <summary>
/// A labelled task made from unlabelled square images, for a feature network that needs no labels
/// (Gidaris et al. 2018, "Unsupervised Representation Learning by Predicting Image Rotations"):
/// each image of a batch of <paramref name="images"/> turned by 0, 90, 180 or 270 degrees, drawn
/// per image from a generator seeded with <paramref name="seed"/>, labelled with the turn (4 classes).
/// Telling the turns apart needs what the images show (which way is up for a shoe, a face, a
/// house), so the network's features describe content, not pixels. Disposing it disposes the inner source.
/// </summary>
public sealed class RotationBatches(IBatchSource images, long seed) : IBatchSource
{
    public const int Turns = 4;
    readonly torch.Generator generator = new((ulong)seed);

    public IReadOnlyList<long> SampleShape => images.SampleShape;
    public int Classes => Turns;

    public Batch Next()
    {
        var batch = images.Next().Real;
        if (batch.size(2) != batch.size(3)) throw new ArgumentException($"rotations need square images, got {batch.size(2)}×{batch.size(3)}");
        var turns = randint(0, Turns, [batch.size(0)], generator: generator).to(batch.device);
        var turned = zeros_like(batch);
        for (var k = 0; k < Turns; k++)
            turned += Turned(batch, k) * (turns == k).to_type(batch.dtype).view(-1, 1, 1, 1);
        return new Batch(turned, turns);
    }

    /// <summary>[N, C, H, W] images turned by k quarter turns counter-clockwise.</summary>
    public static Tensor Turned(Tensor images, int k) => k % Turns == 0 ? images.clone() : images.rot90(k, (2, 3));

    public void Dispose()
    {
        images.Dispose();
        generator.Dispose();
    }
}
