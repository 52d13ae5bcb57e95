using FsCheck;
using FsCheck.Xunit;
using Functional.Data;
using Functional.Tricks;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Data;

/// <summary>
/// The shards of a data-parallel batch: the ranks' rows together are the whole batch, in order,
/// and whatever a step draws for the whole batch and shards (data, interpolation points,
/// perturbations) is, rank by rank, exactly what one process with the whole batch draws.
/// </summary>
public sealed class BatchShardProperties
{
    [Property(MaxTest = 200)]
    public bool The_shards_together_are_the_whole_batch_in_order(PositiveInt ranksDrawn, PositiveInt rowsDrawn, PositiveInt columnsDrawn)
    {
        var (ranks, rows, columns) = (1 + ranksDrawn.Get % 8, 1 + rowsDrawn.Get % 6, 1 + columnsDrawn.Get % 3);
        using var scope = NewDisposeScope();
        var whole = arange(ranks * rows * columns, dtype: ScalarType.Float32).reshape(ranks * rows, columns);
        var shards = Enumerable.Range(0, ranks).Select(i => new BatchShard(i, ranks)).ToArray();
        return shards.All(s => s.Problem(ranks * rows) is null && s.WholeRows(rows) == ranks * rows)
            && cat(shards.Select(s => s.Take(whole)).ToArray(), 0).HasSameValuesAs(whole);
    }

    [Property(MaxTest = 100)]
    public bool A_batch_that_does_not_split_evenly_is_refused(PositiveInt ranksDrawn, PositiveInt batchDrawn)
    {
        var (ranks, batch) = (2 + ranksDrawn.Get % 7, batchDrawn.Get % 1000 + 1);
        var problem = new BatchShard(0, ranks).Problem(batch);
        return batch % ranks == 0 ? problem is null : problem!.Contains($"use a multiple of {ranks}");
    }

    [Fact]
    public void The_whole_batch_is_its_own_shard()
    {
        using var scope = NewDisposeScope();
        var batch = ones(5, 2);
        Assert.Same(batch, BatchShard.Whole.Take(batch));
        Assert.Equal(5, BatchShard.Whole.WholeRows(5));
        Assert.NotNull(new BatchShard(2, 2).Problem(4));
        Assert.NotNull(new BatchShard(0, 0).Problem(4));
    }

    [Property(MaxTest = 30)]
    public bool Sharded_data_is_the_whole_sources_batch_split(int seed, PositiveInt ranksDrawn)
    {
        var ranks = 1 + ranksDrawn.Get % 4;
        var options = new DataOptions(BatchSize: 8 * ranks, Seed: seed, torch.CPU);
        using var scope = NewDisposeScope();
        using var whole = new MixtureBatches(GaussianMixture.Ring(), options);
        var sources = Enumerable.Range(0, ranks).Select(i => ShardedBatches.Of(new MixtureBatches(GaussianMixture.Ring(), options), new BatchShard(i, ranks))).ToArray();
        try
        {
            // Two batches in a row: the sources' streams stay together.
            return Enumerable.Range(0, 2).All(_ =>
                cat(sources.Select(s => s.Next().Real).ToArray(), 0).HasSameValuesAs(whole.Next().Real))
                && sources.All(s => s.GetState().SequenceEqual(whole.GetState()) && s is IMixtureSource);
        }
        finally
        {
            foreach (var source in sources) source.Dispose();
        }
    }

    [Property(MaxTest = 30)]
    public bool Sharded_interpolation_points_are_the_whole_batchs(int seed, PositiveInt ranksDrawn)
    {
        var ranks = 1 + ranksDrawn.Get % 4;
        using var scope = NewDisposeScope();
        var real = randn(4 * ranks, 3, 2, 2);
        var fake = randn(4 * ranks, 3, 2, 2);
        using var alone = new torch.Generator((ulong)seed, CPU);
        var expected = GradientPenalties.Interpolate(real, fake, alone);
        return Enumerable.Range(0, ranks).All(i =>
        {
            var shard = new BatchShard(i, ranks);
            using var generator = new torch.Generator((ulong)seed, CPU);
            return GradientPenalties.Interpolate(shard.Take(real), shard.Take(fake), generator, shard).HasSameValuesAs(shard.Take(expected));
        });
    }

    [Property(MaxTest = 30)]
    public bool Sharded_perturbation_noise_is_the_whole_batchs(int seed, PositiveInt ranksDrawn)
    {
        var ranks = 1 + ranksDrawn.Get % 4;
        using var scope = NewDisposeScope();
        var real = randn(4 * ranks, 2);
        using var alone = new torch.Generator((ulong)seed, CPU);
        // The noise of the whole batch, apart from its std, which is a batch statistic and the shard's own.
        var noise = GradientPenalties.Perturb(real, c: 1, g: alone) - real;
        var std = real.std(unbiased: false);
        return Enumerable.Range(0, ranks).All(i =>
        {
            var shard = new BatchShard(i, ranks);
            using var generator = new torch.Generator((ulong)seed, CPU);
            var rows = shard.Take(real);
            var shardNoise = (GradientPenalties.Perturb(rows, shard, c: 1, g: generator) - rows) / rows.std(unbiased: false);
            return shardNoise.allclose(shard.Take(noise) / std, rtol: 1e-5, atol: 1e-6);
        });
    }
}
