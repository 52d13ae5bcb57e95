using Functional.Data;
using Functional.Distributed;
using Functional.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>A named network or optimizer of a session: what a checkpoint stores.</summary>
public readonly record struct NamedModule(string Name, nn.Module Module);

public readonly record struct NamedOptimizer(string Name, optim.Optimizer Optimizer);

/// <summary>
/// The state of one training run, held explicitly: networks, optimizers, step counters and loss
/// sums. The source generator derives one per experiment and writes its <see cref="Step"/>.
/// </summary>
public abstract class GanSession : IDisposable
{
    protected GanSession(SessionOptions options)
    {
        Options = options;
        Device = options.Device;
        Losses = new LossMeter(options.Device);
        Guard = new DivergenceGuard(options.DivergenceGuard);
        Random = new torch.Generator(SessionRandom.TrainingSeed(options.Seed), options.Device);
    }

    /// <summary>
    /// The session's own random stream, seeded from <see cref="SessionOptions.Seed"/>: the step hands
    /// it to every role method that takes a <c>Generator</c> (latents, instance noise, interpolation
    /// points), and checkpoints save it. See <see cref="SessionRandom"/>.
    /// </summary>
    public torch.Generator Random { get; }

    /// <summary>A generator of the run's fixed noise: the same latents at every evaluation and sample picture.</summary>
    protected torch.Generator FixedNoise() => new(unchecked((ulong)SessionRandom.FixedNoiseSeed(Options.Seed)), Device);

    /// <summary>
    /// The session's place in a data-parallel run (its shard of every batch, the gradient
    /// all-reduce the step calls after each backward pass); alone until <see cref="JoinRanks"/>.
    /// </summary>
    public DataParallel Parallel { get; private set; } = new();

    /// <summary>
    /// Trains among the ranks of <paramref name="ranks"/> from now on: each step trains on this
    /// rank's shard of the batch and averages gradients and losses with the other ranks. Give it
    /// rank 0's state before the first step (<see cref="RankState.Share"/>) and data sharded alike
    /// (<see cref="ShardedBatches"/>).
    /// </summary>
    public void JoinRanks(IRankGroup ranks)
    {
        if (!Parallel.IsAlone) throw new InvalidOperationException("this session already trains among ranks");
        Parallel.Dispose();
        Parallel = new DataParallel(ranks);
        Losses.ShareWith(ranks);
    }

    public SessionOptions Options { get; }
    public Device Device { get; }
    public LossMeter Losses { get; }

    /// <summary>
    /// Discriminator steps done (a warm-up counts). A step whose update the divergence guard
    /// skipped counts too, so that schedules (lazy penalties, warm-up, annealed noise), the data
    /// stream and checkpoint names stay in step; <see cref="SkippedSteps"/> says how many changed nothing.
    /// </summary>
    public long DiscriminatorSteps { get; protected set; }

    /// <summary>Generator steps done, skipped ones included (see <see cref="DiscriminatorSteps"/>).</summary>
    public long GeneratorSteps { get; protected set; }

    /// <summary>Catches non-finite losses and gradients before they reach the weights; on unless <see cref="SessionOptions.DivergenceGuard"/> is false.</summary>
    public DivergenceGuard Guard { get; }

    /// <summary>Updates the guard skipped, discriminator and generator together.</summary>
    public long SkippedSteps => Guard.Counts.Total;

    /// <summary>The longer current run of skipped updates of one network; a good update of that network ends it.</summary>
    public int ConsecutiveSkips => Guard.Counts.Consecutive;

    /// <summary>
    /// The discriminator step the current training call runs to (set by <see cref="Trainer.Train"/>):
    /// what a learning-rate schedule decays towards. 0 before any training call.
    /// </summary>
    public long TotalSteps { get; set; }

    /// <summary>What the batch size must be a multiple of: the packing degree where the discriminator packs its inputs, else 1.</summary>
    public virtual int BatchMultiple => 1;

    /// <summary>Sets the step counters from a checkpoint.</summary>
    public void RestoreSteps(long discriminatorSteps, long generatorSteps)
    {
        DiscriminatorSteps = discriminatorSteps;
        GeneratorSteps = generatorSteps;
    }

    /// <summary>The networks, averaged copies included, by name.</summary>
    public abstract IReadOnlyList<NamedModule> Networks { get; }

    public abstract IReadOnlyList<NamedOptimizer> Optimizers { get; }

    /// <summary>The tricks this session's step runs, for logs and the experiment list.</summary>
    public abstract IReadOnlyList<string> Tricks { get; }

    /// <summary>
    /// One discriminator update, followed by a generator update when the schedule says so. Call it
    /// inside a dispose scope, which frees the step's tensors (<see cref="Trainer.Train"/> opens one
    /// per step, around the batch too).
    /// </summary>
    public abstract void Step(in Batch batch);

    /// <summary>
    /// Whether <see cref="Sample"/> works: false for paired (translation) experiments, whose
    /// generator needs a source batch; the trainer then skips evaluation.
    /// </summary>
    public virtual bool CanSample => true;

    /// <summary>
    /// Draws <paramref name="count"/> samples without gradients, from the averaged generator when the
    /// experiment has one and <paramref name="averaged"/> is true, with latents from
    /// <paramref name="random"/> or, by default, the run's fixed noise (never from <see cref="Random"/>,
    /// so sampling does not change what training draws). The caller owns the tensor.
    /// </summary>
    public abstract Tensor Sample(long count, Tensor? labels = null, bool averaged = true, torch.Generator? random = null);

    /// <summary>
    /// The experiment's metrics on generated samples (empty when it declares none). Metrics that
    /// compare with the run's data (a [Metrics] method that takes an <see cref="IBatchSource"/>)
    /// need <paramref name="data"/>: the source the run trains on.
    /// </summary>
    public virtual MetricSet Evaluate(Tensor samples, IBatchSource? data = null) => MetricSet.Empty;

    /// <summary>
    /// The probability with which the step augments what the discriminator sees, and its ADA state,
    /// when the experiment has an [Augmentation]; null otherwise. Checkpoints save it.
    /// </summary>
    public virtual Functional.Tricks.AdaptiveAugmentation? Augmentation => null;

    /// <summary>Whether <see cref="Translate"/> works: true for paired (translation) experiments.</summary>
    public virtual bool CanTranslate => false;

    /// <summary>
    /// The generator's output for the inputs of <paramref name="batch"/> (its <see cref="Batch.Source"/>),
    /// without gradients, from the averaged generator when there is one and <paramref name="averaged"/>
    /// is true. The caller owns the tensor.
    /// </summary>
    public virtual Tensor Translate(Batch batch, bool averaged = true) =>
        throw new NotSupportedException("This experiment samples from noise; it does not translate batches.");

    /// <summary>
    /// A paired experiment's metrics, which translate held-out batches themselves (empty when it
    /// declares none, or for an experiment that samples).
    /// </summary>
    public virtual MetricSet EvaluateTranslations(bool averaged = true) => MetricSet.Empty;

    public virtual void Dispose()
    {
        foreach (var optimizer in Optimizers) optimizer.Optimizer.Dispose();
        foreach (var network in Networks)
        {
            // A module's Dispose releases the module, not its parameters or buffers.
            foreach (var parameter in network.Module.parameters()) parameter.Dispose();
            foreach (var buffer in network.Module.buffers()) buffer.Dispose();
            network.Module.Dispose();
        }
        Losses.Dispose();
        Parallel.Dispose();
        Random.Dispose();
        GC.SuppressFinalize(this);
    }
}
