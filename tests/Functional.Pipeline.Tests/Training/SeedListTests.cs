using Functional.Training;
using Xunit;

namespace Functional.Tests.Training;

public sealed class SeedListTests
{
    [Theory]
    [InlineData("0,1", new long[] { 0, 1 })]
    [InlineData("0-3", new long[] { 0, 1, 2, 3 })]
    [InlineData("0-2, 7", new long[] { 0, 1, 2, 7 })]
    public void Lists_and_ranges_give_the_seeds_in_order(string text, long[] seeds) =>
        Assert.Equal(seeds, SeedList.ParseOrThrow(text));

    [Theory]
    [InlineData("0,x", "'x' is not a seed or a range")]
    [InlineData("3-1", "'3-1' is not a seed or a range")]
    [InlineData("0-2,1", "names a seed twice")]
    public void Bad_seed_lists_are_named(string text, string problem) =>
        Assert.Contains(problem, Assert.Throws<ArgumentException>(() => SeedList.ParseOrThrow(text)).Message);
}
