using Functional.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Functional.Examples.Mixtures;

/// <summary>The MLPs of the 2-D mixture experiments: ReLU in the generator, LeakyReLU in the discriminator.</summary>
public static class MixtureNetworks
{
    public const int Hidden = 256;

    public static Sequential Generator(int latentSize, int hidden = Hidden) => Sequential(
        Linear(latentSize, hidden), ReLU(),
        Linear(hidden, hidden), ReLU(),
        Linear(hidden, hidden), ReLU(),
        Linear(hidden, 2));

    public static Sequential Discriminator(int hidden = Hidden) => Sequential(
        Linear(2, hidden), LeakyReLU(0.2),
        Linear(hidden, hidden), LeakyReLU(0.2),
        Linear(hidden, 1));
}

/// <summary>
/// The trick stacks' discriminator: <see cref="MixtureNetworks.Discriminator"/>'s MLP on
/// <paramref name="packing"/> packed points (2·m inputs), with a minibatch standard deviation
/// feature after the first layer where <paramref name="deviationGroup"/> is 2 or more, and a second
/// head that predicts the latent code of every sample of a pack (InfoGAN's Q): m · K logits per
/// pack, returned as K per sample, in the samples' order ([B, K] for a batch of B; none without a code).
/// </summary>
public sealed class MixtureDiscriminator : Module<Tensor, (Tensor Logits, Tensor CodeLogits)>
{
    readonly Module<Tensor, Tensor> features;
    readonly Linear head;
    readonly Linear? code;
    readonly int codeCategories;

    public MixtureDiscriminator(int packing = 1, int hidden = MixtureNetworks.Hidden, int codeCategories = 0, int deviationGroup = 0)
        : base(nameof(MixtureDiscriminator))
    {
        var withDeviation = deviationGroup >= 2;
        features = withDeviation
            ? Sequential(Linear(2 * packing, hidden), LeakyReLU(0.2), new MinibatchStdDev(deviationGroup), Linear(hidden + 1, hidden), LeakyReLU(0.2))
            : Sequential(Linear(2 * packing, hidden), LeakyReLU(0.2), Linear(hidden, hidden), LeakyReLU(0.2));
        head = Linear(hidden, 1);
        this.codeCategories = codeCategories;
        code = codeCategories > 0 ? Linear(hidden, codeCategories * packing) : null;
        RegisterComponents();
    }

    public override (Tensor Logits, Tensor CodeLogits) forward(Tensor input)
    {
        var h = features.call(input);
        return (head.call(h), code is null ? h.new_empty(new long[] { h.size(0), 0 }) : code.call(h).reshape(-1, codeCategories));
    }
}
