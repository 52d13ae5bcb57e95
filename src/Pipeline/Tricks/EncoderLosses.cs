using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// W-Net's losses on its own encoders (Jiang et al. 2018). Constancy: the encoder that read an
/// input should read the same code off the output (content: the output is that character; style:
/// it is in that font). The input's code is a fixed target here: letting the loss move it too
/// would reward encoders that give every glyph one code, which makes the term zero and useless.
/// Encoder classification keeps the codes informative: the content code names the character, the
/// style code the font.
/// </summary>
public static class EncoderLosses
{
    /// <summary>mean (code(output) − code(input))², the input's code detached.</summary>
    [Pure]
    public static Tensor Constancy(Tensor outputCode, Tensor inputCode) =>
        nn.functional.mse_loss(outputCode, inputCode.detach());

    /// <summary>The label-smoothed cross-entropy of an encoder's classifier on its code (<see cref="LabelSmoothing.CrossEntropy"/>).</summary>
    [Pure]
    public static Tensor Classification(Tensor logits, Tensor labels, double smoothing) =>
        LabelSmoothing.CrossEntropy(logits, labels, smoothing);
}
