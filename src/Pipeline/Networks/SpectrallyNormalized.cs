using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// A Linear, Conv2d, ConvTranspose2d or embedding whose weight is divided by its largest singular
/// value (Miyato et al. 2018). It owns a copy of the layer's weight as <c>weight_orig</c> and the
/// power iteration's left vector as the persistent buffer <c>u</c> (both in <c>state_dict</c>, so a
/// resumed run continues the iteration). In training mode every forward pass advances u by
/// <see cref="PowerIterations"/> steps; in eval mode u is left alone.
/// </summary>
public sealed class SpectrallyNormalized : nn.Module<Tensor, Tensor>
{
    // Field names are matched by TorchSharp when the module moves device or dtype: keep ComponentName.
    [ComponentName(Name = "weight_orig")] Parameter weightOrig;
    [ComponentName(Name = "bias")] Parameter? bias;
    [ComponentName(Name = "u")] Tensor u;
    readonly LayerCall layer;

    /// <summary>Power iterations per training-mode forward pass; one is enough because u carries over between steps.</summary>
    public int PowerIterations { get; }

    /// <summary>Wraps a copy of <paramref name="layer"/>'s weight and bias; the layer itself is not used afterwards.</summary>
    public SpectrallyNormalized(Linear layer, int powerIterations = 1)
        : this(LayerCall.Of(layer), layer.weight, layer.bias, powerIterations) { }

    /// <inheritdoc cref="SpectrallyNormalized(Linear, int)"/>
    public SpectrallyNormalized(Conv2d layer, int powerIterations = 1)
        : this(LayerCall.Of(layer), layer.weight!, layer.bias, powerIterations) { }

    /// <inheritdoc cref="SpectrallyNormalized(Linear, int)"/>
    public SpectrallyNormalized(ConvTranspose2d layer, int powerIterations = 1)
        : this(LayerCall.Of(layer), layer.weight!, layer.bias, powerIterations) { }

    internal SpectrallyNormalized(LayerCall layer, Tensor weight, Tensor? bias, int powerIterations = 1)
        : base($"SpectrallyNormalized{layer.Kind}")
    {
        if (powerIterations < 1) throw new ArgumentOutOfRangeException(nameof(powerIterations), powerIterations, "A training step needs at least one power iteration.");
        this.layer = layer;
        PowerIterations = powerIterations;
        using (no_grad())
        {
            // Own copies, detached from any dispose scope: the module outlives the caller's step.
            weightOrig = (Parameter)new Parameter(weight.detach().clone()).DetachFromDisposeScope();
            this.bias = bias is null ? null : (Parameter)new Parameter(bias.detach().clone()).DetachFromDisposeScope();
            using var scope = NewDisposeScope();
            var start = SpectralNorm.RandomUnitVector(weight.shape[layer.OutputDim], weight.dtype, weight.device);
            u = SpectralNorm.PowerIteration(Matrix(weightOrig), start, SpectralNorm.WarmUpIterations).U.clone().DetachFromDisposeScope();
        }
        RegisterComponents();
    }

    /// <summary>The unnormalized weight (<c>weight_orig</c>), the tensor the optimizer updates.</summary>
    public Parameter Weight => weightOrig;

    /// <summary>The power iteration's persistent left singular vector estimate (buffer <c>u</c>).</summary>
    public Tensor U => u;

    /// <summary>weight / sigma with the current u, without advancing it: what an eval-mode forward pass uses.</summary>
    public Tensor EffectiveWeight() => weightOrig / SpectralNorm.PowerIteration(Matrix(weightOrig), u, 0).Sigma;

    public override Tensor forward(Tensor input)
    {
        var (sigma, next, _) = SpectralNorm.PowerIteration(Matrix(weightOrig), u, training ? PowerIterations : 0);
        if (training)
            using (no_grad()) u.copy_(next);
        return layer.Apply(input, weightOrig / sigma, bias);
    }

    Tensor Matrix(Tensor weight) => SpectralNorm.WeightMatrix(weight, layer.OutputDim);
}
