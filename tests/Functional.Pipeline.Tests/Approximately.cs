namespace Functional.Tests;

/// <summary>Float32 tensors against double reference values: relative tolerance, absolute near zero.</summary>
public static class Approximately
{
    public static bool Equal(double actual, double expected, double tolerance = 1e-5) =>
        Math.Abs(actual - expected) <= tolerance * Math.Max(1.0, Math.Max(Math.Abs(actual), Math.Abs(expected)));
}
