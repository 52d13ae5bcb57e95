using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>Intermediate activations of a fixed feature network, for <see cref="Reconstruction.Perceptual"/>.</summary>
public static class FeatureTaps
{
    /// <summary>
    /// Runs <paramref name="network"/> layer by layer on <paramref name="input"/> and returns the
    /// output after each layer index in <paramref name="layers"/>, in the order given. Layers after
    /// the deepest tap are not run. Freeze the network first, so BatchNorm and dropout are fixed.
    /// </summary>
    public static IReadOnlyList<Tensor> Collect(Sequential network, Tensor input, IReadOnlyList<int> layers)
    {
        var outOfRange = layers.Where(layer => layer < 0 || layer >= network.Count).ToArray();
        if (outOfRange.Length > 0)
            throw new ArgumentOutOfRangeException(nameof(layers), $"Layer indices {string.Join(", ", outOfRange)} are outside the network's {network.Count} layers.");
        if (layers.Count == 0) return [];
        var outputs = new Tensor[layers.Max() + 1];
        var x = input;
        for (var layer = 0; layer < outputs.Length; layer++)
            outputs[layer] = x = network[layer].call(x);
        return layers.Select(layer => outputs[layer]).ToArray();
    }

    /// <summary>Fixes a network as a feature extractor: no parameter needs a gradient, and it is in eval mode (BatchNorm uses its running statistics). Returns it.</summary>
    public static T Freeze<T>(T module) where T : nn.Module
    {
        foreach (var parameter in module.parameters()) parameter.requires_grad = false;
        module.eval();
        return module;
    }
}
