using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Tests.Tricks;

/// <summary>
/// A critic linear in its input, D(x) = flatten(x) · w: its input gradient is w for every sample,
/// so every gradient penalty has a closed form in ||w||. Built on a real autograd graph.
/// </summary>
public sealed record LinearCritic(Tensor Weight)
{
    /// <summary>A weight of the given L2 norm, drawn from a seeded normal for the input's per-sample size.</summary>
    public static LinearCritic WithNorm(Tensor input, double norm, int seed)
    {
        var direction = randn([input.flatten(1).shape[1]], generator: new torch.Generator((ulong)seed, CPU));
        return new LinearCritic(direction / direction.norm() * norm);
    }

    public Tensor Score(Tensor input) => input.flatten(1).matmul(Weight);

    /// <summary>The input gradients of the critic's scores, the way a training step takes them.</summary>
    public Tensor InputGradients(Tensor input)
    {
        var x = input.detach().requires_grad_(true);
        return Functional.Tricks.GradientPenalties.InputGradients(Score(x), x);
    }
}
