using FsCheck;
using FsCheck.Fluent;

namespace Functional.Tests.Support;

/// <summary>A matrix with known singular values: Largest, then Largest · Ratios[i], every ratio ≤ 0.8 so power iteration converges fast.</summary>
public sealed record Spectrum(int Rows, int Cols, double Largest, double[] Ratios, int Seed)
{
    public double[] SingularValues => [Largest, .. Ratios.Select(ratio => Largest * ratio)];

    public override string ToString() =>
        $"Spectrum({Rows}x{Cols}, singular values [{string.Join(", ", SingularValues.Select(s => s.ToString("G4")))}], seed {Seed})";
}

/// <summary>A conv weight (OutChannels, InChannels, Kernel, Kernel) whose (out, rest) matrix has a known spectrum.</summary>
public sealed record ConvSpectrum(int InChannels, int Kernel, Spectrum Spectrum)
{
    public int OutChannels => Spectrum.Rows;
}

/// <summary>A fully connected layer's shape and a batch.</summary>
public sealed record LayerShape(int Batch, int In, int Out, int Seed);

/// <summary>A convolution's shape and a batch of square images.</summary>
public sealed record ConvShape(int Batch, int InChannels, int OutChannels, int Kernel, int Size, int Seed);

/// <summary>The weights a network had over several steps (each step the same length) and a decay per step.</summary>
public sealed record WeightHistory(double[][] Steps, double[] Decays)
{
    public override string ToString() =>
        $"WeightHistory(steps: [{string.Join("; ", Steps.Select(step => string.Join(", ", step)))}], decays: [{string.Join(", ", Decays)}])";
}

/// <summary>FsCheck generators for the tensor properties; sizes stay small so a property runs in milliseconds.</summary>
public static class Cases
{
    static Gen<double> Between(double low, double high, int steps = 10_000) =>
        Gen.Choose(0, steps).Select(i => low + (high - low) * i / steps);

    static readonly Gen<int> Seeds = Gen.Choose(0, int.MaxValue);

    static Gen<Spectrum> SpectrumOf(int rows, int cols) =>
        from largest in Between(0.5, 4.0)
        from ratios in Between(0.0, 0.8).ArrayOf(Math.Min(rows, cols) - 1)
        from seed in Seeds
        select new Spectrum(rows, cols, largest, ratios.OrderByDescending(r => r).ToArray(), seed);

    public static Arbitrary<Spectrum> Spectra() =>
        (from rows in Gen.Choose(1, 8)
         from cols in Gen.Choose(1, 8)
         from spectrum in SpectrumOf(rows, cols)
         select spectrum).ToArbitrary();

    public static Arbitrary<ConvSpectrum> ConvSpectra() =>
        (from outChannels in Gen.Choose(1, 6)
         from inChannels in Gen.Choose(1, 3)
         from kernel in Gen.Choose(1, 3)
         from spectrum in SpectrumOf(outChannels, inChannels * kernel * kernel)
         select new ConvSpectrum(inChannels, kernel, spectrum)).ToArbitrary();

    public static Arbitrary<LayerShape> LayerShapes() =>
        (from batch in Gen.Choose(1, 6)
         from input in Gen.Choose(1, 8)
         from output in Gen.Choose(1, 8)
         from seed in Seeds
         select new LayerShape(batch, input, output, seed)).ToArbitrary();

    public static Arbitrary<ConvShape> ConvShapes() =>
        (from batch in Gen.Choose(1, 3)
         from inChannels in Gen.Choose(1, 3)
         from outChannels in Gen.Choose(1, 4)
         from kernel in Gen.Choose(1, 3)
         from size in Gen.Choose(kernel, 6)
         from seed in Seeds
         select new ConvShape(batch, inChannels, outChannels, kernel, size, seed)).ToArbitrary();

    public static Arbitrary<WeightHistory> WeightHistories() =>
        (from length in Gen.Choose(1, 12)
         from size in Gen.Choose(1, 5)
         from steps in Between(-100, 100, 200_000).ArrayOf(size).ArrayOf(length)
         from decays in Between(0, 1).ArrayOf(length)
         select new WeightHistory(steps, decays)).ToArbitrary();
}
