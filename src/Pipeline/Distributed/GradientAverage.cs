using Functional.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Distributed;

/// <summary>
/// One network's gradients averaged over the ranks after its backward pass, in one all-reduce of
/// one flat buffer, as Horovod's tensor fusion does: the gradients are copied into the buffer, the
/// ranks' buffers summed in place, divided by the number of ranks, and each parameter's gradient
/// becomes its slice of the result. The buffer carries, after the gradients, one count per
/// parameter of the ranks that had a gradient for it (a parameter none had keeps none, so the
/// optimizer skips it as it would alone), the loss, and a stop flag, so that every rank leaves the
/// all-reduce with the same gradients, the same loss (the divergence guard decides alike on every
/// rank) and the same answer to "does any rank want to stop".
/// </summary>
internal sealed class GradientAverage : IDisposable
{
    readonly Parameter[] parameters;
    readonly Tensor buffer;
    readonly Tensor gradients;
    readonly Tensor[] slices;
    readonly float[] tail;
    readonly long total;

    public GradientAverage(Parameter[] parameters)
    {
        if (parameters.Length == 0) throw new ArgumentException("a network with no trained parameters has no gradients to average", nameof(parameters));
        if (parameters.Any(p => p.device_type != DeviceType.CPU || p.dtype != ScalarType.Float32))
            throw new ArgumentException("data-parallel training averages float32 gradients on the CPU; this network has parameters elsewhere or of another type", nameof(parameters));
        this.parameters = parameters;
        total = parameters.Sum(p => p.numel());
        buffer = zeros(total + parameters.Length + 2, dtype: ScalarType.Float32).DetachFromDisposeScope();
        gradients = buffer.narrow(0, 0, total).DetachFromDisposeScope();
        slices = FlatParameters.Slices(gradients, parameters);
        tail = new float[parameters.Length + 2];
    }

    /// <summary>Floats each all-reduce carries.</summary>
    public long Length => buffer.numel();

    /// <summary>
    /// Averages this rank's gradients and <paramref name="loss"/> with the other ranks'; returns
    /// the mean loss (a new scalar on the loss's device) and whether any rank asked to stop.
    /// </summary>
    public (Tensor Loss, bool Stop) Run(IRankGroup ranks, Tensor loss, bool stop, string what)
    {
        using (no_grad())
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                using var grad = parameters[i].grad;
                if (grad is null) slices[i].zero_();
                else slices[i].copy_(grad);
                tail[i] = grad is null ? 0 : 1;
            }
            tail[^2] = loss.item<float>();
            tail[^1] = stop ? 1 : 0;
            using (var counts = tensor(tail)) buffer.narrow(0, total, tail.Length).copy_(counts);

            ranks.AllReduce(buffer, Reduction.Sum, what);

            gradients.div_(ranks.Size);
            using (var reduced = buffer.narrow(0, total, tail.Length)) reduced.data<float>().CopyTo(tail);
            for (var i = 0; i < parameters.Length; i++)
                parameters[i].grad = tail[i] > 0 ? slices[i] : null;
            return (tensor(tail[^2] / ranks.Size, dtype: loss.dtype, device: loss.device), tail[^1] > 0);
        }
    }

    public void Dispose()
    {
        foreach (var slice in slices) slice.Dispose();
        gradients.Dispose();
        buffer.Dispose();
    }
}
