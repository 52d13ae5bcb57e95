using static TorchSharp.torch;

namespace Functional.Optimizers;

/// <summary>
/// Lays a list of parameters out in one contiguous buffer: each parameter becomes a view of its
/// slice (the same Parameter object and handle, so modules, optimizers and state dicts are
/// unaffected), and an operation on the whole buffer is one kernel instead of one per parameter.
/// </summary>
/// <remarks>
/// Several users may need the same parameters flat: the generator average (EMA) and the fused
/// optimizer both work on the live generator. The buffer belongs to the parameters, not to a
/// registry: <see cref="Of"/> recognises parameters that already are consecutive views of one
/// buffer and hands out a view of it, and it refuses to re-lay parameters that are views of a
/// larger buffer in another order, which would silently detach them from that buffer's other users.
/// </remarks>
public static class FlatParameters
{
    /// <summary>
    /// A 1-D tensor whose consecutive slices are <paramref name="parameters"/>, in order. Parameters
    /// must share dtype and device. The buffer lives as long as the parameters do; disposing the
    /// returned tensor releases only that handle.
    /// </summary>
    public static Tensor Of(IReadOnlyList<Tensor> parameters)
    {
        if (parameters.Count == 0) throw new ArgumentException("There are no parameters to lay out.", nameof(parameters));
        var first = parameters[0];
        for (var i = 1; i < parameters.Count; i++)
            if (parameters[i].dtype != first.dtype || parameters[i].device_type != first.device_type || parameters[i].device_index != first.device_index)
                throw new ArgumentException(
                    $"Parameters to lay out in one buffer must share dtype and device: parameter 0 is {first.dtype} on {first.device}, parameter {i} is {parameters[i].dtype} on {parameters[i].device}.",
                    nameof(parameters));
        if (LaidOut(parameters) is { } offset)
        {
            using var _ = no_grad();
            using var detached = first.detach();
            return detached.as_strided([parameters.Sum(p => p.numel())], [1], offset).DetachFromDisposeScope();
        }
        if (parameters.Any(InLargerBuffer))
            throw new InvalidOperationException(
                "These parameters are already laid out in one buffer with a different set or order of parameters, which is still in use; "
                + "pass the same parameters in the same order (module.parameters()) to each user.");
        return Lay(parameters);
    }

    /// <summary>The storage offset of the first parameter when every parameter is the next contiguous slice of one storage; else null.</summary>
    static long? LaidOut(IReadOnlyList<Tensor> parameters)
    {
        var (storage, _) = StorageOf(parameters[0]);
        var start = parameters[0].storage_offset();
        var expected = start;
        foreach (var p in parameters)
        {
            if (!p.is_contiguous() || StorageOf(p).Base != storage || p.storage_offset() != expected) return null;
            expected += p.numel();
        }
        return start;
    }

    static bool InLargerBuffer(Tensor parameter) =>
        StorageOf(parameter).Bytes > (ulong)(parameter.numel() * parameter.element_size());

    /// <summary>Where a tensor's storage begins and how many bytes it has.</summary>
    static (IntPtr Base, ulong Bytes) StorageOf(Tensor tensor)
    {
        // The typed storage wrapper holds an alias of the tensor; the scope releases it.
        using var scope = NewDisposeScope();
        TorchSharp.torch.Storage storage = tensor.dtype switch
        {
            ScalarType.Float32 => tensor.storage<float>(),
            ScalarType.Float64 => tensor.storage<double>(),
            _ => throw new ArgumentException($"Flat parameter buffers hold float32 or float64 parameters, not {tensor.dtype}."),
        };
        return (storage.data_ptr(), storage.nbytes());
    }

    static Tensor Lay(IReadOnlyList<Tensor> parameters)
    {
        var total = parameters.Sum(p => p.numel());
        var flat = empty([total], dtype: parameters[0].dtype, device: parameters[0].device).DetachFromDisposeScope();
        using var _ = no_grad();
        var slices = Slices(flat, parameters);
        for (var i = 0; i < slices.Length; i++)
        {
            using var view = slices[i];
            view.copy_(parameters[i]);
            parameters[i].set_(view);
        }
        return flat;
    }

    /// <summary>
    /// Views of consecutive slices of the 1-D <paramref name="flat"/>, shaped as
    /// <paramref name="like"/>, in order: the layout every flat buffer over these parameters has.
    /// The caller owns (disposes) the views.
    /// </summary>
    internal static Tensor[] Slices(Tensor flat, IReadOnlyList<Tensor> like)
    {
        var views = new Tensor[like.Count];
        long offset = 0;
        for (var i = 0; i < views.Length; i++)
        {
            var n = like[i].numel();
            using var slice = flat.narrow(0, offset, n);
            views[i] = slice.view(like[i].shape).DetachFromDisposeScope();
            offset += n;
        }
        return views;
    }
}
