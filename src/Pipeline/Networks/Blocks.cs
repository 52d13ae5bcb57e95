using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>Small network factories the examples build from.</summary>
public static class Blocks
{
    /// <summary>
    /// Linear(input, hidden), activation, then <paramref name="hiddenLayers"/> − 1 more
    /// Linear(hidden, hidden), activation, then Linear(hidden, output). With zero hidden layers it
    /// is one Linear(input, output).
    /// </summary>
    public static Sequential Mlp(long input, long hidden, int hiddenLayers, long output, Func<nn.Module<Tensor, Tensor>> activation)
    {
        if (hiddenLayers < 0) throw new ArgumentOutOfRangeException(nameof(hiddenLayers), hiddenLayers, "An MLP cannot have a negative number of hidden layers.");
        var widths = new[] { input }.Concat(Enumerable.Repeat(hidden, hiddenLayers)).Append(output).ToArray();
        var layers = widths.Zip(widths.Skip(1), (from, to) => (from, to))
            .SelectMany((shape, index) => index < hiddenLayers
                ? new[] { nn.Linear(shape.from, shape.to), activation() }
                : new nn.Module<Tensor, Tensor>[] { nn.Linear(shape.from, shape.to) });
        return nn.Sequential(layers);
    }

    /// <summary>LeakyReLU with slope 0.2 by default, the GAN choice (Radford et al. 2016): no dead units, dense gradients.</summary>
    public static LeakyReLU LeakyRelu(double slope = 0.2) => nn.LeakyReLU(slope);
}
