using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Functional.Examples.Mixtures;

/// <summary>The MLPs of the 2-D mixture experiments: ReLU in the generator, LeakyReLU in the discriminator.</summary>
public static class MixtureNetworks
{
    public const int Hidden = 256;

    public static TorchSharp.Modules.Sequential Generator(int latentSize, int hidden = Hidden) => Sequential(
        Linear(latentSize, hidden), ReLU(),
        Linear(hidden, hidden), ReLU(),
        Linear(hidden, hidden), ReLU(),
        Linear(hidden, 2));

    public static TorchSharp.Modules.Sequential Discriminator(int hidden = Hidden) => Sequential(
        Linear(2, hidden), LeakyReLU(0.2),
        Linear(hidden, hidden), LeakyReLU(0.2),
        Linear(hidden, 1));
}
