using Functional.Training;
using Functional.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

[Collection(GlobalGenerator.Name)]
public sealed class RandomForkTests
{
    [Fact]
    public void A_fork_draws_the_same_noise_every_time_and_leaves_the_global_stream_where_it_was()
    {
        manual_seed(3);
        using var unforked = randn(5);

        manual_seed(3);
        using var first = RandomFork.Run(11, CPU, () => randn(4));
        using var second = RandomFork.Run(11, CPU, () => randn(4));
        using var other = RandomFork.Run(12, CPU, () => randn(4));
        using var next = randn(5);

        Assert.True(first.HasSameValuesAs(second));
        Assert.False(first.HasSameValuesAs(other));
        Assert.True(next.HasSameValuesAs(unforked), "the draw after the forks is not the one the stream had next");
    }

    [Fact]
    public void The_stream_is_put_back_when_the_draw_throws()
    {
        manual_seed(4);
        using var unforked = randn(3);

        manual_seed(4);
        Assert.Throws<InvalidOperationException>(() => RandomFork.Run<Tensor>(1, CPU, () => throw new InvalidOperationException("boom")));
        using var next = randn(3);

        Assert.True(next.HasSameValuesAs(unforked));
    }

    [Fact]
    public void The_fixed_noise_seed_depends_on_the_run_seed_only()
    {
        Assert.Equal(RandomFork.FixedNoiseSeed(0), RandomFork.FixedNoiseSeed(0));
        Assert.NotEqual(RandomFork.FixedNoiseSeed(0), RandomFork.FixedNoiseSeed(1));
        Assert.NotEqual(0, RandomFork.FixedNoiseSeed(0));
    }
}
