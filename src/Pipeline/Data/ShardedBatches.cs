namespace Functional.Data;

/// <summary>
/// One rank's share of a data source (<see cref="BatchShard"/>): the source draws the whole batch,
/// from the same seed and state on every rank, and this rank keeps its rows. The state is the
/// whole source's, alike on every rank, so a checkpoint of any rank resumes on any number of ranks.
/// Drawing the whole batch costs every rank the data work of one process; the step's work, which
/// dominates, is what shrinks.
/// </summary>
public class ShardedBatches : IBatchSource
{
    readonly IBatchSource whole;

    protected ShardedBatches(IBatchSource whole, BatchShard shard)
    {
        this.whole = whole;
        Shard = shard;
    }

    /// <summary>The share <paramref name="shard"/> of <paramref name="whole"/> (which it then owns), keeping what the source tells about itself.</summary>
    public static ShardedBatches Of(IBatchSource whole, BatchShard shard) =>
        whole is IMixtureSource mixture ? new OfMixture(whole, shard, mixture.Mixture) : new ShardedBatches(whole, shard);

    public BatchShard Shard { get; }

    public IReadOnlyList<long> SampleShape => whole.SampleShape;

    public int Classes => whole.Classes;

    public Batch Next()
    {
        var batch = whole.Next();
        return Shard.IsWhole
            ? batch
            : new Batch(Shard.Take(batch.Real), batch.Labels is { } labels ? Shard.Take(labels) : null, batch.Source is { } source ? Shard.Take(source) : null);
    }

    public byte[] GetState() => whole.GetState();

    public void SetState(byte[] state) => whole.SetState(state);

    public void Dispose()
    {
        whole.Dispose();
        GC.SuppressFinalize(this);
    }

    sealed class OfMixture(IBatchSource whole, BatchShard shard, GaussianMixture mixture) : ShardedBatches(whole, shard), IMixtureSource
    {
        public GaussianMixture Mixture => mixture;
    }
}
