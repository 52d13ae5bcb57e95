using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>The network whose update the divergence guard looked at.</summary>
public enum GuardedNetwork { Discriminator, Generator }

/// <summary>
/// An update the guard held back: whose, at which step (numbered as the trainer numbers them,
/// 1 = the first), and the loss and total gradient norm it saw.
/// </summary>
public readonly record struct SkippedUpdate(GuardedNetwork Network, long Step, double Loss, double GradientNorm);

/// <summary>
/// The guard's counters, as a checkpoint keeps them: updates skipped in all, per network, and
/// the current run of skipped updates per network (a good update of that network ends its run).
/// </summary>
public readonly record struct SkipCounts(long Discriminator, long Generator, int ConsecutiveDiscriminator, int ConsecutiveGenerator)
{
    public long Total => Discriminator + Generator;

    /// <summary>The longer of the two networks' current runs.</summary>
    public int Consecutive => Math.Max(ConsecutiveDiscriminator, ConsecutiveGenerator);

    /// <summary>The network whose run is the longer (the discriminator on a tie).</summary>
    public GuardedNetwork Worst => ConsecutiveGenerator > ConsecutiveDiscriminator ? GuardedNetwork.Generator : GuardedNetwork.Discriminator;

    public int ConsecutiveOf(GuardedNetwork network) =>
        network == GuardedNetwork.Discriminator ? ConsecutiveDiscriminator : ConsecutiveGenerator;
}

/// <summary>
/// Catches a non-finite loss or gradient between a network's backward pass and its optimizer
/// step, so that it never reaches the weights. The generated step asks before every update;
/// on a bad one the gradients are zeroed and the optimizer, the hooks after the update and the
/// generator average are skipped, so weights and optimizer state stay bit for bit as they were.
/// The step counters still advance (see <see cref="GanSession.DiscriminatorSteps"/>).
/// The check costs one native call for the total gradient norm and a read of the loss, which
/// waits for the device once per update (as PyTorch's GradScaler does for its skipped steps).
/// </summary>
public sealed class DivergenceGuard(bool enabled)
{
    /// <summary>Off: every update goes through unchecked, as in a session without a guard.</summary>
    public bool Enabled { get; } = enabled;

    public SkipCounts Counts { get; private set; }

    /// <summary>The most recent skipped update, if any since the session was built.</summary>
    public SkippedUpdate? LastSkip { get; private set; }

    /// <summary>The loss of the last discriminator update that went through (NaN before the first).</summary>
    public double LastFiniteDiscriminatorLoss { get; private set; } = double.NaN;

    /// <summary>The loss of the last generator update that went through (NaN before the first).</summary>
    public double LastFiniteGeneratorLoss { get; private set; } = double.NaN;

    /// <summary>
    /// Whether the discriminator's update may go ahead; <paramref name="step"/> is the number of
    /// discriminator steps done before this one (the generated step's <c>step</c>).
    /// </summary>
    public bool AllowsDiscriminatorUpdate(long step, Tensor loss, Parameter[] parameters, optim.Optimizer optimizer) =>
        Allows(GuardedNetwork.Discriminator, step, loss, parameters, optimizer);

    /// <summary>Whether the generator's update that follows discriminator step <paramref name="step"/> may go ahead.</summary>
    public bool AllowsGeneratorUpdate(long step, Tensor loss, Parameter[] parameters, optim.Optimizer optimizer) =>
        Allows(GuardedNetwork.Generator, step, loss, parameters, optimizer);

    /// <summary>Sets the counters from a checkpoint.</summary>
    public void Restore(SkipCounts counts) => Counts = counts;

    /// <summary>Ends both runs of skips, keeping the totals: after a rollback to a good checkpoint.</summary>
    public void EndRuns() => Counts = Counts with { ConsecutiveDiscriminator = 0, ConsecutiveGenerator = 0 };

    /// <summary>
    /// The L2 norm of all the gradients together, in one native call: non-finite when any gradient
    /// element is (or when the norm itself overflows). Parameters without a gradient count as zero.
    /// Finite gradients are left bit for bit as they were: libtorch's clip_grad_norm_ scales them by
    /// min(max_norm / (norm + 1e-6), 1), which is exactly 1 for an infinite max_norm.
    /// </summary>
    public static double GradientNorm(Parameter[] parameters) =>
        parameters.Length == 0 ? 0 : nn.utils.clip_grad_norm_(parameters, max_norm: double.PositiveInfinity);

    bool Allows(GuardedNetwork network, long step, Tensor loss, Parameter[] parameters, optim.Optimizer optimizer)
    {
        if (!Enabled) return true;
        var norm = GradientNorm(parameters);
        var value = loss.ToDouble();
        var counts = Counts;
        if (double.IsFinite(norm) && double.IsFinite(value))
        {
            if (network == GuardedNetwork.Discriminator)
            {
                LastFiniteDiscriminatorLoss = value;
                Counts = counts with { ConsecutiveDiscriminator = 0 };
            }
            else
            {
                LastFiniteGeneratorLoss = value;
                Counts = counts with { ConsecutiveGenerator = 0 };
            }
            return true;
        }
        optimizer.zero_grad();
        Counts = network == GuardedNetwork.Discriminator
            ? counts with { Discriminator = counts.Discriminator + 1, ConsecutiveDiscriminator = counts.ConsecutiveDiscriminator + 1 }
            : counts with { Generator = counts.Generator + 1, ConsecutiveGenerator = counts.ConsecutiveGenerator + 1 };
        LastSkip = new SkippedUpdate(network, step + 1, value, norm);
        return false;
    }
}
