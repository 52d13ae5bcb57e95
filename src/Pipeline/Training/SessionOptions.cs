using TorchSharp;

namespace Functional.Training;

/// <summary>
/// What a training session is created with: the device, the seed of every random draw, whether
/// the divergence guard checks each update for a non-finite loss or gradient, and the `--data`
/// path the run's data comes from (null: the experiment's built-in data), which a session's frozen
/// network and its held-out metrics are built from too.
/// </summary>
public sealed record SessionOptions(torch.Device Device, long Seed, bool DivergenceGuard = true, string? DataPath = null)
{
    public static SessionOptions Cpu(long seed = 0) => new(torch.CPU, seed);
}
