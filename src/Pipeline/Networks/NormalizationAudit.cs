using System.Diagnostics.Contracts;
using LanguageExt;
using TorchSharp.Modules;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// Run-time checks of a network's layers. A gradient penalty (R1, WGAN-GP) is taken per sample;
/// BatchNorm mixes the samples of a batch and makes that penalty wrong, so a penalized
/// discriminator must not have it. Pooling and ReLU give sparse gradients, which starve the
/// generator's signal (Radford et al. 2016): prefer strided convolutions and LeakyReLU.
/// </summary>
public static class NormalizationAudit
{
    /// <summary>The names (as <c>named_modules</c> gives them) of every BatchNorm1d/2d/3d in the tree.</summary>
    [Pure]
    public static Seq<string> BatchNormLayers(nn.Module module) => LayersWhere(module, IsBatchNorm);

    /// <summary>The names of every max/average pooling (adaptive included) and ReLU/ReLU6 layer in the tree.</summary>
    [Pure]
    public static Seq<string> PoolingOrReluLayers(nn.Module module) => LayersWhere(module, IsPoolingOrRelu);

    static Seq<string> LayersWhere(nn.Module module, Func<nn.Module, bool> matches) =>
        toSeq(module.named_modules().Where(named => matches(named.module)).Select(named => named.name).ToArray());

    static bool IsBatchNorm(nn.Module module) => module is BatchNorm1d or BatchNorm2d or BatchNorm3d;

    static bool IsPoolingOrRelu(nn.Module module) => module
        is MaxPool1d or MaxPool2d or MaxPool3d
        or AvgPool1d or AvgPool2d or AvgPool3d
        or AdaptiveMaxPool1d or AdaptiveMaxPool2d or AdaptiveMaxPool3d
        or AdaptiveAvgPool1d or AdaptiveAvgPool2d or AdaptiveAvgPool3d
        or ReLU or ReLU6;
}
