using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// Class-conditional batch normalization (de Vries et al. 2017; the generator conditioning of
/// SNGAN's projection model and BigGAN): batch statistics without an affine part, then a gain
/// and a bias per class, looked up from the labels. Gains start at 1 and biases at 0, so it starts
/// as plain BatchNorm2d. Parameters: 2 · classes · channels.
/// </summary>
public sealed class ConditionalBatchNorm2d : nn.Module<Tensor, Tensor, Tensor>
{
    readonly BatchNorm2d norm;
    readonly Embedding gain;
    readonly Embedding bias;

    public ConditionalBatchNorm2d(long channels, long classes) : base(nameof(ConditionalBatchNorm2d))
    {
        norm = nn.BatchNorm2d(channels, affine: false);
        gain = nn.Embedding(classes, channels);
        bias = nn.Embedding(classes, channels);
        using (no_grad())
        {
            gain.weight!.fill_(1);
            bias.weight!.zero_();
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor labels)
    {
        var (n, c) = (input.size(0), input.size(1));
        return norm.call(input) * gain.call(labels).view(n, c, 1, 1) + bias.call(labels).view(n, c, 1, 1);
    }
}
