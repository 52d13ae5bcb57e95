using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>
/// Where a session's random numbers come from. Everything its step draws (latents, instance
/// noise, interpolation points, label noise) comes from the session's own generator
/// (<see cref="GanSession.Random"/>), seeded from the run's seed, so two sessions in one process
/// never take each other's numbers and an evaluation (which draws fixed noise from a generator of
/// its own) never changes what training draws next. Only the networks' initial weights come from
/// torch's global generator, because libtorch's layers initialise themselves from it: it is
/// seeded with the run's seed for the time the networks are built, then put back, under one
/// process-wide lock (<see cref="Initializing"/>).
/// </summary>
public static class SessionRandom
{
    /// <summary>Held while torch's global generator is seeded for one purpose (building networks, a fixed-noise fork).</summary>
    internal static readonly object Gate = new();

    /// <summary>The seed of a session's own generator: the run's seed, mixed, so that its stream is not the one the initial weights were drawn from.</summary>
    public static ulong TrainingSeed(long seed) => SplitMix64(unchecked((ulong)seed) ^ 0x9E37_79B9_7F4A_7C15);

    /// <summary>The fixed seed of a run's sample grids and evaluations, kept apart from the run's own stream.</summary>
    public static long FixedNoiseSeed(long seed) => RandomFork.FixedNoiseSeed(seed);

    /// <summary>
    /// Seeds torch's global generator with <paramref name="seed"/> until disposed, then restores
    /// it; other threads seeding it meanwhile wait. Build networks inside it (on the thread that
    /// disposes it).
    /// </summary>
    public static IDisposable Initializing(long seed) => new Initialization(seed);

    sealed class Initialization : IDisposable
    {
        readonly Tensor saved;
        bool disposed;

        public Initialization(long seed)
        {
            Monitor.Enter(Gate);
            try
            {
                saved = random.get_rng_state();
                manual_seed(seed);
            }
            catch
            {
                Monitor.Exit(Gate);
                throw;
            }
        }

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            try
            {
                random.set_rng_state(saved);
                saved.Dispose();
            }
            finally
            {
                Monitor.Exit(Gate);
            }
        }
    }

    static ulong SplitMix64(ulong x)
    {
        x += 0x9E37_79B9_7F4A_7C15;
        x = (x ^ (x >> 30)) * 0xBF58_476D_1CE4_E5B9;
        x = (x ^ (x >> 27)) * 0x94D0_49BB_1331_11EB;
        return x ^ (x >> 31);
    }
}
