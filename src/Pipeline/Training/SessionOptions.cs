using TorchSharp;

namespace Functional.Training;

/// <summary>
/// What a training session is created with: the device, the seed of every random draw, and
/// whether the divergence guard checks each update for a non-finite loss or gradient.
/// </summary>
public sealed record SessionOptions(torch.Device Device, long Seed, bool DivergenceGuard = true)
{
    public static SessionOptions Cpu(long seed = 0) => new(torch.CPU, seed);
}
