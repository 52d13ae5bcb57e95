using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>
/// Runs a draw from torch's global generator on a side branch: the state is saved, the generator
/// seeded with a fixed value, the draw made, and the state put back. The draw then sees the same
/// noise every time (fixed-noise sample grids, evaluations comparable across steps), and training
/// continues with exactly the random numbers it would have had without it.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 can read and restore the CPU generator only (<c>torch.cuda</c> has no
/// get_rng_state). For a CUDA device the CUDA generators are seeded with the fixed value before the
/// draw, so the noise is still fixed, and re-seeded afterwards from a hash of the saved CPU state:
/// training stays reproducible for a given evaluation schedule and never replays a stream, but on
/// CUDA a run that evaluates does not follow the same trajectory as one that does not.
/// </remarks>
public static class RandomFork
{
    /// <summary>The fixed seed of a run's sample grids and evaluations, kept apart from the run's own stream.</summary>
    public static long FixedNoiseSeed(long runSeed) => runSeed ^ 0x6A09_E667_F3BC_C908;

    public static T Run<T>(long seed, Device device, Func<T> draw)
    {
        // One user of the global generator at a time (see SessionRandom): a session being built meanwhile would take the fork's numbers.
        lock (SessionRandom.Gate) return Fork(seed, device, draw);
    }

    static T Fork<T>(long seed, Device device, Func<T> draw)
    {
        using var saved = random.get_rng_state();
        var onCuda = device.type == DeviceType.CUDA;
        manual_seed(seed);
        if (onCuda) cuda.manual_seed_all(seed);
        try
        {
            return draw();
        }
        finally
        {
            random.set_rng_state(saved);
            if (onCuda) cuda.manual_seed_all(ContinuationSeed(saved));
        }
    }

    static long ContinuationSeed(Tensor cpuState) =>
        BitConverter.ToInt64(SHA256.HashData(cpuState.data<byte>().ToArray())) & long.MaxValue;
}
