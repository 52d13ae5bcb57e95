using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// The state of a generator average, for the training step: the live and averaged parameters are
/// moved into one flat buffer each, so that an update is a single fused <c>lerp_</c> over all the
/// weights instead of one kernel launch per parameter, and buffers (BatchNorm statistics) are
/// copied. Where the parameters differ in dtype or device it falls back to one lerp_ per pair.
/// </summary>
public sealed class AveragedParameters : IDisposable
{
    readonly Tensor? averageFlat;
    readonly Tensor? liveFlat;
    readonly Tensor[] averagePairs;
    readonly Tensor[] livePairs;
    readonly Tensor[] averageBuffers;
    readonly Tensor[] liveBuffers;
    readonly Tensor weight;

    /// <summary>Pairs the networks by parameter name, copies live into average, and flattens both.</summary>
    public AveragedParameters(nn.Module average, nn.Module live, bool fused = true)
    {
        var averageParameters = average.named_parameters().ToArray();
        var liveParameters = live.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        if (averageParameters.Length != liveParameters.Count || averageParameters.Any(p => !liveParameters.ContainsKey(p.name)))
            throw new ArgumentException("The averaged and live generators must have the same parameters (build both with the same [Generator] method).");
        var liveBufferByName = live.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        averageBuffers = average.named_buffers().Select(b => b.buffer).ToArray();
        liveBuffers = average.named_buffers().Select(b => liveBufferByName[b.name]).ToArray();

        var averageTensors = averageParameters.Select(p => (Tensor)p.parameter).ToArray();
        var liveTensors = averageParameters.Select(p => liveParameters[p.name]).ToArray();
        using (no_grad())
        {
            for (var i = 0; i < averageTensors.Length; i++) averageTensors[i].copy_(liveTensors[i]);
            foreach (var (a, l) in averageBuffers.Zip(liveBuffers)) a.copy_(l);
        }
        var first = liveTensors.FirstOrDefault();
        var uniform = first is not null && first.dtype is ScalarType.Float32 or ScalarType.Float64 && liveTensors.Concat(averageTensors).All(t => t.dtype == first.dtype && t.device_type == first.device_type && t.device_index == first.device_index);
        if (fused && uniform)
        {
            averageFlat = Functional.Optimizers.FlatParameters.Of(averageTensors);
            liveFlat = Functional.Optimizers.FlatParameters.Of(liveTensors);
            averagePairs = livePairs = [];
        }
        else
        {
            averagePairs = averageTensors;
            livePairs = liveTensors;
        }
        weight = zeros([], dtype: first?.dtype ?? ScalarType.Float32, device: first?.device ?? CPU).DetachFromDisposeScope();
    }

    /// <summary>Whether updates are one fused operation over flat buffers.</summary>
    public bool IsFused => averageFlat is not null;

    /// <summary>average ← decay · average + (1 − decay) · live, then buffers copied. Runs without recording gradients.</summary>
    public void Update(double decay)
    {
        using var _ = no_grad();
        weight.fill_(1.0 - decay);
        if (averageFlat is not null) averageFlat.lerp_(liveFlat!, weight);
        else
            for (var i = 0; i < averagePairs.Length; i++) averagePairs[i].lerp_(livePairs[i], weight);
        for (var i = 0; i < averageBuffers.Length; i++) averageBuffers[i].copy_(liveBuffers[i]);
    }

    public void Dispose()
    {
        averageFlat?.Dispose();
        liveFlat?.Dispose();
        weight.Dispose();
    }
}
