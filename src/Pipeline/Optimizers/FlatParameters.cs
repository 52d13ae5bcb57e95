using static TorchSharp.torch;

namespace Functional.Optimizers;

/// <summary>
/// Lays a list of parameters out in one contiguous buffer: each parameter becomes a view of its
/// slice (the same Parameter object and handle, so modules, optimizers and state dicts are
/// unaffected), and an operation on the whole buffer is one kernel instead of one per parameter.
/// </summary>
/// <remarks>
/// Several users may need the same parameters flat: the generator average (EMA) and the fused
/// optimizer both work on the live generator. <see cref="Acquire"/> hands out the buffer already
/// made for the same parameters in the same order, and refuses to re-lay parameters that a live
/// buffer still backs in another order, which would silently detach that buffer from them.
/// </remarks>
public static class FlatParameters
{
    sealed class Layout(Tensor[] parameters, Tensor flat)
    {
        public readonly Tensor[] Parameters = parameters;
        public readonly Tensor Flat = flat;
        public int Users;
    }

    static readonly List<Layout> live = [];
    static readonly object gate = new();

    /// <summary>
    /// A 1-D tensor whose slices are <paramref name="parameters"/>, in order. Parameters must share
    /// dtype and device. Dispose the lease when done; the parameters stay views of the buffer.
    /// </summary>
    public static FlatParameterLease Acquire(IReadOnlyList<Tensor> parameters)
    {
        if (parameters.Count == 0) throw new ArgumentException("There are no parameters to lay out.", nameof(parameters));
        var first = parameters[0];
        for (var i = 1; i < parameters.Count; i++)
            if (parameters[i].dtype != first.dtype || parameters[i].device_type != first.device_type || parameters[i].device_index != first.device_index)
                throw new ArgumentException(
                    $"Parameters to lay out in one buffer must share dtype and device: parameter 0 is {first.dtype} on {first.device}, parameter {i} is {parameters[i].dtype} on {parameters[i].device}.",
                    nameof(parameters));
        lock (gate)
        {
            var layout = live.FirstOrDefault(l => SameList(l.Parameters, parameters));
            if (layout is null)
            {
                if (live.Any(l => l.Parameters.Any(p => parameters.Any(q => ReferenceEquals(p, q)))))
                    throw new InvalidOperationException(
                        "These parameters are already laid out in one buffer with a different set or order of parameters, which is still in use; "
                        + "pass the same parameters in the same order (module.parameters()) to each user.");
                layout = new Layout([.. parameters], Lay(parameters));
                live.Add(layout);
            }
            layout.Users++;
            return new FlatParameterLease(layout.Flat, () => Release(layout));
        }
    }

    static void Release(object token)
    {
        lock (gate)
        {
            var layout = (Layout)token;
            if (--layout.Users > 0) return;
            live.Remove(layout);
            layout.Flat.Dispose();
        }
    }

    static bool SameList(Tensor[] a, IReadOnlyList<Tensor> b)
    {
        if (a.Length != b.Count) return false;
        for (var i = 0; i < a.Length; i++)
            if (!ReferenceEquals(a[i], b[i])) return false;
        return true;
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

/// <summary>A use of a flat parameter buffer; <see cref="Flat"/> is valid until disposed.</summary>
public sealed class FlatParameterLease : IDisposable
{
    readonly Action release;
    bool disposed;

    internal FlatParameterLease(Tensor flat, Action release)
    {
        Flat = flat;
        this.release = release;
    }

    /// <summary>The 1-D buffer the parameters are views of.</summary>
    public Tensor Flat { get; }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        release();
    }
}
