using FsCheck;
using FsCheck.Xunit;
using Functional.Training;
using Functional.Tricks;
using static TorchSharp.torch;
using Xunit;

namespace Functional.Tests.Tricks;

[Properties(MaxTest = 40)]
public sealed class LatentCodeProperties
{
    [Property]
    public bool The_information_term_is_the_weighted_cross_entropy_of_the_code_head(PositiveInt categories, PositiveInt count, int seed, NormalFloat weight)
    {
        using var scope = NewDisposeScope();
        var (k, n) = (categories.Get % 9 + 1, count.Get % 16 + 1);
        var random = new TorchSharp.torch.Generator((ulong)seed, CPU);
        var logits = randn([n, k], generator: random) * 3;
        var codes = randint(0, k, [n], generator: random, dtype: ScalarType.Int64);
        var w = Math.Abs(weight.Get) % 5;
        var expected = -logits.log_softmax(1).gather(1, codes.unsqueeze(1)).mean().item<float>() * w;
        return Math.Abs(LatentCodes.MutualInformation(logits, codes, w).item<float>() - expected) <= 1e-4 * (1 + Math.Abs(expected));
    }

    [Fact]
    public void A_code_of_no_categories_adds_nothing()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(0, LatentCodes.MutualInformation(zeros(5, 0), zeros(5, dtype: ScalarType.Int64)).item<float>());
    }

    [Property]
    public bool Codes_are_appended_one_hot_after_the_latent(PositiveInt categories, int seed)
    {
        using var scope = NewDisposeScope();
        var k = categories.Get % 12 + 1;
        var random = new TorchSharp.torch.Generator((ulong)seed, CPU);
        var latent = randn([6, 3], generator: random);
        var codes = SessionSupport.DrawCodes(6, k, CPU, random);
        var full = SessionSupport.WithCode(latent, codes, k);
        return full.shape.SequenceEqual([6L, 3 + k])
            && full.narrow(1, 0, 3).equal(latent).all().item<bool>()
            && full.narrow(1, 3, k).sum(1).equal(ones(6)).all().item<bool>()
            && full.narrow(1, 3, k).argmax(1).equal(codes).all().item<bool>()
            && codes.min().item<long>() >= 0 && codes.max().item<long>() < k;
    }

    [Fact]
    public void Without_categories_the_latent_is_unchanged_and_nothing_is_drawn()
    {
        using var scope = NewDisposeScope();
        var random = new TorchSharp.torch.Generator(7, CPU);
        using var before = random.get_state();
        var latent = ones(4, 2);
        Assert.True(ReferenceEquals(latent, SessionSupport.WithCode(latent, SessionSupport.DrawCodes(4, 0, CPU, random), 0)));
        Assert.True(before.equal(random.get_state()).all().all().item<bool>());
        Assert.Throws<ArgumentException>(() => SessionSupport.CodeCategories(-1));
    }

    [Property(MaxTest = 10)]
    public bool Codes_are_uniform_over_their_categories(int seed)
    {
        using var scope = NewDisposeScope();
        var codes = SessionSupport.DrawCodes(50_000, 5, CPU, new TorchSharp.torch.Generator((ulong)seed, CPU));
        var counts = codes.bincount(null, 5).to_type(ScalarType.Float32) / 50_000;
        // Each share's standard error is about 0.0018: 0.01 is more than five of them.
        return (counts - 0.2f).abs().max().item<float>() < 0.01f;
    }
}
