using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// A Linear, Conv2d or ConvTranspose2d with weight w = g · v / ‖v‖ (Salimans &amp; Kingma 2016).
/// It owns the direction v (<c>weight_v</c>) and the per-unit magnitude g (<c>weight_g</c>, shaped
/// to broadcast against v), the names PyTorch's weight_norm uses. g starts at ‖v‖, so the wrapped
/// layer computes the same function as the original until training moves it.
/// </summary>
public sealed class WeightNormalized : nn.Module<Tensor, Tensor>
{
    // Field names are matched by TorchSharp when the module moves device or dtype: keep ComponentName.
    [ComponentName(Name = "weight_g")] Parameter magnitude;
    [ComponentName(Name = "weight_v")] Parameter direction;
    [ComponentName(Name = "bias")] Parameter? bias;
    readonly LayerCall layer;

    /// <summary>Wraps a copy of <paramref name="layer"/>'s weight and bias; the layer itself is not used afterwards.</summary>
    public WeightNormalized(Linear layer) : this(LayerCall.Of(layer), layer.weight, layer.bias) { }

    /// <inheritdoc cref="WeightNormalized(Linear)"/>
    public WeightNormalized(Conv2d layer) : this(LayerCall.Of(layer), layer.weight!, layer.bias) { }

    /// <inheritdoc cref="WeightNormalized(Linear)"/>
    public WeightNormalized(ConvTranspose2d layer) : this(LayerCall.Of(layer), layer.weight!, layer.bias) { }

    WeightNormalized(LayerCall layer, Tensor weight, Tensor? bias) : base($"WeightNormalized{layer.Kind}")
    {
        this.layer = layer;
        using (no_grad())
        {
            // Own copies, detached from any dispose scope: the module outlives the caller's step.
            direction = (Parameter)new Parameter(weight.detach().clone()).DetachFromDisposeScope();
            magnitude = (Parameter)new Parameter(WeightNorm.NormExceptDim(weight.detach(), layer.OutputDim)).DetachFromDisposeScope();
            this.bias = bias is null ? null : (Parameter)new Parameter(bias.detach().clone()).DetachFromDisposeScope();
        }
        RegisterComponents();
    }

    /// <summary>The direction v (<c>weight_v</c>).</summary>
    public Parameter Direction => direction;

    /// <summary>The per-unit magnitude g (<c>weight_g</c>), shaped like v with size 1 in every dimension but the output one.</summary>
    public Parameter Magnitude => magnitude;

    /// <summary>g · v / ‖v‖, the weight the layer computes with.</summary>
    public Tensor EffectiveWeight() => WeightNorm.Compose(direction, magnitude, layer.OutputDim);

    public override Tensor forward(Tensor input) => layer.Apply(input, EffectiveWeight(), bias);
}
