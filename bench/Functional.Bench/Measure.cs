using System.Diagnostics;
using static TorchSharp.torch;

namespace Functional.Bench;

/// <summary>One timed run of a step: wall time per step and what the managed heap saw.</summary>
public readonly record struct RunSample(double MsPerStep, double BytesPerStep, double Gen0Per1000Steps, double TensorsPerStep);

public static class Measure
{
    /// <summary>Runs <paramref name="steps"/> steps between two device synchronisations.</summary>
    public static RunSample Run(Action step, int steps, Device device)
    {
        Synchronize(device);
        var gen0 = GC.CollectionCount(0);
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var created = TorchSharp.DisposeScopeManager.Statistics.CreatedInScopeCount + TorchSharp.DisposeScopeManager.Statistics.CreatedOutsideScopeCount;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) step();
        Synchronize(device);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return new RunSample(
            elapsed / steps,
            (double)(GC.GetAllocatedBytesForCurrentThread() - bytes) / steps,
            1000.0 * (GC.CollectionCount(0) - gen0) / steps,
            (double)(TorchSharp.DisposeScopeManager.Statistics.CreatedInScopeCount + TorchSharp.DisposeScopeManager.Statistics.CreatedOutsideScopeCount - created) / steps);
    }

    /// <summary>One generated step inside its dispose scope, as Trainer.Train runs it (the hand-written step opens its own).</summary>
    public static Action Stepper(Functional.Training.GanSession session, Functional.Data.Batch batch) => () =>
    {
        using var scope = NewDisposeScope();
        session.Step(batch);
    };

    public static void Synchronize(Device device)
    {
        if (device.type == TorchSharp.DeviceType.CUDA) cuda.synchronize(device);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Half the distance between the 25th and 75th percentiles: the spread we quote.</summary>
    public static double Spread(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length < 2) return 0;
        double At(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        return (At(0.75) - At(0.25)) / 2;
    }
}
