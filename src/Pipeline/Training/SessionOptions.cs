using TorchSharp;

namespace Functional.Training;

/// <summary>What a training session is created with: the device and the seed of every random draw.</summary>
public sealed record SessionOptions(torch.Device Device, long Seed)
{
    public static SessionOptions Cpu(long seed = 0) => new(torch.CPU, seed);
}
