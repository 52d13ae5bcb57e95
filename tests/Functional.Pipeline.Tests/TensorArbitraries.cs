using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Tests;

/// <summary>A batch of logits in [-20, 20], where textbook (naive) formulas are still exact in double.</summary>
public sealed record Logits(float[] Values)
{
    public Tensor ToTensor() => tensor(Values);
    public override string ToString() => $"Logits[{string.Join(", ", Values)}]";
}

/// <summary>A batch of logits up to ±1e4, where a naive log(sigmoid(x)) overflows to -inf.</summary>
public sealed record ExtremeLogits(float[] Values)
{
    public Tensor ToTensor() => tensor(Values);
    public override string ToString() => $"ExtremeLogits[{string.Join(", ", Values)}]";
}

/// <summary>An image-like batch [batch, channels, height, width] with values in [-3, 3].</summary>
public sealed record ImageBatch(long[] Shape, float[] Values)
{
    public Tensor ToTensor() => tensor(Values).reshape(Shape);
    public override string ToString() => $"ImageBatch[{string.Join("x", Shape)}]({string.Join(", ", Values)})";
}

/// <summary>Hard 0/1 targets.</summary>
public sealed record HardTargets(float[] Values)
{
    public Tensor ToTensor() => tensor(Values);
    public override string ToString() => $"HardTargets[{string.Join(", ", Values)}]";
}

/// <summary>Label-smoothing amount in [0, 0.5].</summary>
public sealed record SmoothingAmount(double Value);

/// <summary>Probability in [0, 1], including both ends.</summary>
public sealed record Probability(double Value);

public static class TensorArbitraries
{
    static Gen<float[]> ArrayOf(Gen<float> element, int maxLength) =>
        Gen.Choose(1, maxLength).SelectMany(length => Gen.ArrayOf(element, length));

    static Gen<float> Between(double low, double high, int steps = 100_000) =>
        Gen.Choose(0, steps).Select(i => (float)(low + (high - low) * i / steps));

    public static Arbitrary<Logits> Logits() =>
        Arb.From(ArrayOf(Gen.Frequency((1, Gen.Elements(0f, 1f, -1f, 20f, -20f)), (4, Between(-20, 20))), 16)
            .Select(values => new Logits(values)));

    public static Arbitrary<ExtremeLogits> ExtremeLogits() =>
        Arb.From(ArrayOf(Gen.Frequency((2, Gen.Elements(1e4f, -1e4f, 1e3f, -1e3f, 88.8f, -88.8f, 0f)), (3, Between(-1e4, 1e4))), 16)
            .Select(values => new ExtremeLogits(values)));

    public static Arbitrary<ImageBatch> ImageBatches() =>
        Arb.From(
            from batch in Gen.Choose(1, 4)
            from channels in Gen.Choose(1, 3)
            from height in Gen.Choose(1, 3)
            from width in Gen.Choose(2, 3) // at least two elements per channel, so norms over dim 1 and over all dims differ
            let shape = new long[] { batch, channels, height, width }
            from values in Gen.ArrayOf(Between(-3, 3), batch * channels * height * width)
            select new ImageBatch(shape, values));

    public static Arbitrary<HardTargets> HardTargets() =>
        Arb.From(ArrayOf(Gen.Elements(0f, 1f), 32).Select(values => new HardTargets(values)));

    public static Arbitrary<SmoothingAmount> SmoothingAmounts() =>
        Arb.From(Gen.Frequency((1, Gen.Elements(0.0, 0.5)), (4, Gen.Choose(0, 500).Select(i => i / 1000.0)))
            .Select(amount => new SmoothingAmount(amount)));

    public static Arbitrary<Probability> Probabilities() =>
        Arb.From(Gen.Frequency((1, Gen.Elements(0.0, 1.0)), (4, Gen.Choose(0, 1000).Select(i => i / 1000.0)))
            .Select(p => new Probability(p)));
}
