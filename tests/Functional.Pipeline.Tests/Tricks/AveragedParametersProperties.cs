using FsCheck.Xunit;
using Functional.Tricks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Tricks;

/// <summary>The fused (flat-buffer) average computes exactly what the per-parameter one does, and leaves the live network trainable.</summary>
public sealed class AveragedParametersProperties
{
    static nn.Module<Tensor, Tensor> Net(long seed)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5), nn.LeakyReLU(0.2), nn.Linear(5, 2));
    }

    static float[] Values(nn.Module module) =>
        module.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    [Property(MaxTest = 20)]
    public void Fused_update_equals_the_per_parameter_blend(byte decayPercent, int seed)
    {
        using var scope = NewDisposeScope();
        var decay = decayPercent % 101 / 100.0;
        using var live = Net(seed);
        using var fusedAverage = Net(seed + 1);
        using var referenceAverage = Net(seed + 1);
        using var averaged = new AveragedParameters(fusedAverage, live);
        ParameterAveraging.Update(referenceAverage, live, 0.0);
        Assert.True(averaged.IsFused);

        // Move the live weights, then average once both ways.
        using (no_grad())
            foreach (var p in live.parameters()) p.add_(randn_like(p));
        averaged.Update(decay);
        ParameterAveraging.Update(referenceAverage, live, decay);

        var fused = Values(fusedAverage);
        var reference = Values(referenceAverage);
        for (var i = 0; i < fused.Length; i++) Assert.Equal(reference[i], fused[i], 5);
    }

    [Fact]
    public void Live_network_still_trains_after_flattening_and_buffers_are_copied()
    {
        using var scope = NewDisposeScope();
        using var live = Net(1);
        using var average = Net(2);
        using var averaged = new AveragedParameters(average, live);
        using var optimizer = optim.SGD(live.parameters(), 0.1);
        var before = Values(live);

        live.train();
        var loss = live.call(randn(8, 3)).square().mean();
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        averaged.Update(0.0);

        var after = Values(live);
        Assert.NotEqual(before, after);
        Assert.Equal(after, Values(average));
        var liveStats = live.named_buffers().First(b => b.name.EndsWith("running_mean")).buffer.data<float>().ToArray();
        var averageStats = average.named_buffers().First(b => b.name.EndsWith("running_mean")).buffer.data<float>().ToArray();
        Assert.Equal(liveStats, averageStats);
    }
}
