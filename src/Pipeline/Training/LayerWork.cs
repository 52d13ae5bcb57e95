using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>
/// How much arithmetic the weight layers (linear and convolution) of one forward pass of the
/// generator do: <see cref="Calls"/> layer calls, <see cref="MultiplyAdds"/> in all, and the
/// size of the layer call where that work is, <see cref="Typical"/> (the work-weighted mean,
/// Σ w² / Σ w). Splitting one operation across threads pays only when it is large: the 2-D
/// mixtures' 256-wide MLP at batch 256 does about 17 M multiply-adds per call, a 32-px DCGAN at
/// batch 32 a few hundred M.
/// </summary>
public readonly record struct LayerWork(int Calls, double MultiplyAdds, double Typical)
{
    public static LayerWork None => default;

    public override string ToString() =>
        Calls == 0 ? "no weight layer measured"
        : FormattableString.Invariant($"{Calls} weight-layer calls per generator pass, {Typical / 1e6:0.#} M multiply-adds in a typical one");

    /// <summary>
    /// Measures one generator pass of <paramref name="session"/> at <paramref name="batchSize"/>
    /// (no gradients, fixed noise on a fork of torch's generator, so training's random numbers are
    /// untouched); a translating session translates <paramref name="data"/>'s held-out pairs
    /// instead. None for a session that can do neither, or whose layers run outside TorchSharp's
    /// Linear and convolution modules.
    /// </summary>
    public static LayerWork Measure(GanSession session, int batchSize, Data.IBatchSource? data = null)
    {
        var pairs = session.CanTranslate ? data as Data.IHeldOutPairs : null;
        if (!session.CanSample && pairs is null || session.Networks.FirstOrDefault(n => n.Name == "generator").Module is not { } generator) return None;
        var work = new List<double>();
        var hooks = new List<Action>();
        foreach (var module in generator.modules())
            if (module is nn.Module<Tensor, Tensor> layer && Weight(module) is { } weight)
            {
                var remover = layer.register_forward_hook((_, input, output) =>
                {
                    work.Add(Count(module, weight, input, output));
                    return null!;
                });
                hooks.Add(remover.remove);
            }
        try
        {
            RandomFork.Run(0, session.Device, () =>
            {
                using var scope = NewDisposeScope();
                return pairs is not null ? session.Translate(pairs.HeldOut(batchSize), averaged: false).numel() : session.Sample(batchSize, averaged: false).numel();
            });
        }
        finally
        {
            foreach (var remove in hooks) remove();
        }
        var total = work.Sum();
        return total <= 0 ? None : new LayerWork(work.Count, total, work.Sum(w => w * w) / total);
    }

    static Tensor? Weight(nn.Module module) => module switch
    {
        Linear l => l.weight,
        Conv1d c => c.weight,
        Conv2d c => c.weight,
        Conv3d c => c.weight,
        ConvTranspose1d c => c.weight,
        ConvTranspose2d c => c.weight,
        ConvTranspose3d c => c.weight,
        _ => null,
    };

    /// <summary>Each output element of a linear or convolution layer costs one multiply-add per weight of its output channel; a transposed convolution's each input element.</summary>
    static double Count(nn.Module module, Tensor weight, Tensor input, Tensor output)
    {
        double perChannel = weight.numel() / Math.Max(1, weight.size(0));
        var transposed = module is ConvTranspose1d or ConvTranspose2d or ConvTranspose3d;
        return (transposed ? input.numel() : output.numel()) * perChannel;
    }
}
