using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// A layer's forward pass with its weight passed in. Weight and spectral normalization keep their
/// own parameters and call the layer with the reparameterized weight, because a TorchSharp layer's
/// weight must be a leaf <see cref="Parameter"/> and cannot be a computed tensor.
/// </summary>
/// <param name="Kind">The wrapped layer's type name, for the module's name.</param>
/// <param name="OutputDim">The weight dimension that indexes output units (1 for transposed convolutions).</param>
/// <param name="Apply">(input, weight, bias) to output.</param>
internal sealed record LayerCall(string Kind, long OutputDim, Func<Tensor, Tensor, Tensor?, Tensor> Apply)
{
    public static LayerCall Of(Linear layer) =>
        new(nameof(Linear), 0, (input, weight, bias) => nn.functional.linear(input, weight, bias));

    public static LayerCall Of(Conv2d layer)
    {
        var (stride, padding, dilation, groups) = (layer.stride.ToArray(), layer.padding?.ToArray(), layer.dilation.ToArray(), layer.groups);
        var (mode, paddingType) = (layer.padding_mode, layer.padding_type);
        if (mode != PaddingModes.Zeros && padding is null)
            throw new ArgumentException($"Conv2d with padding mode {mode} and padding {paddingType} is not supported; give the padding as numbers.");
        return new(nameof(Conv2d), 0, (input, weight, bias) =>
            mode != PaddingModes.Zeros
                // Non-zero padding modes pad first and convolve unpadded, as Conv2d.forward does.
                ? Convolve(nn.functional.pad(input, [padding![1], padding[1], padding[0], padding[0]], mode), weight, bias, stride, [0, 0], dilation, groups)
                : paddingType is { } type
                    ? nn.functional.conv2d_padding(input, weight, bias, stride, type, dilation, groups)
                    : Convolve(input, weight, bias, stride, padding!, dilation, groups));
    }

    public static LayerCall Of(ConvTranspose2d layer)
    {
        var (stride, padding, outputPadding, dilation, groups) =
            (layer.stride.ToArray(), layer.padding?.ToArray() ?? [0, 0], layer.output_padding.ToArray(), layer.dilation.ToArray(), layer.groups);
        return new(nameof(ConvTranspose2d), 1, (input, weight, bias) =>
            nn.functional.conv_transpose2d(input, weight, bias, stride, padding, outputPadding, dilation, groups));
    }

    /// <summary>An embedding table: the input holds class indices, the output is the weight's rows.</summary>
    public static LayerCall Embedding { get; } =
        new(nameof(Embedding), 0, (labels, weight, _) => weight.index_select(0, labels.flatten()));

    static Tensor Convolve(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups) =>
        nn.functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
}
