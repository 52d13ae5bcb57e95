using FsCheck;
using FsCheck.Xunit;
using Functional.Tricks;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Functional.Tests.Tricks;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class InstanceNoiseTests
{
    [Property(MaxTest = 200)]
    public bool Anneal_never_increases(NonNegativeInt a, NonNegativeInt b, PositiveInt annealSteps, SmoothingAmount initialSigma)
    {
        var (earlier, later) = (Math.Min(a.Get, b.Get), Math.Max(a.Get, b.Get));
        return InstanceNoise.LinearAnneal(earlier, initialSigma.Value, annealSteps.Get)
            >= InstanceNoise.LinearAnneal(later, initialSigma.Value, annealSteps.Get);
    }

    [Property(MaxTest = 200)]
    public bool Anneal_starts_at_the_initial_sigma_and_ends_at_zero(PositiveInt annealSteps, NonNegativeInt after, SmoothingAmount initialSigma)
    {
        return InstanceNoise.LinearAnneal(0, initialSigma.Value, annealSteps.Get) == initialSigma.Value
            && InstanceNoise.LinearAnneal(annealSteps.Get, initialSigma.Value, annealSteps.Get) == 0
            && InstanceNoise.LinearAnneal((long)annealSteps.Get + after.Get, initialSigma.Value, annealSteps.Get) == 0;
    }

    [Fact]
    public void Anneal_defaults_fall_from_one_tenth_to_zero_over_ten_thousand_steps()
    {
        Assert.Equal(0.1, InstanceNoise.LinearAnneal(0));
        Assert.Equal(0.05, InstanceNoise.LinearAnneal(5_000), 12);
        Assert.Equal(0.0, InstanceNoise.LinearAnneal(10_000));
    }

    [Property]
    public bool Sigma_zero_leaves_the_input_unchanged(ImageBatch batch)
    {
        using var scope = NewDisposeScope();
        var input = batch.ToTensor();
        var noisy = InstanceNoise.Add(input, 0);
        return ReferenceEquals(noisy, input) && noisy.HasSameValuesAs(batch.ToTensor());
    }

    [Property(MaxTest = 20)]
    public bool Noise_has_the_requested_standard_deviation(SmoothingAmount sigma, int seed)
    {
        using var scope = NewDisposeScope();
        const int count = 100_000;
        var input = linspace(-1, 1, count);
        var noise = InstanceNoise.Add(input, sigma.Value, new torch.Generator((ulong)seed, CPU)) - input;
        // Sample std of 1e5 normals is within 1.5% of sigma (6.7 standard errors) with overwhelming probability.
        return Math.Abs(noise.std().item<float>() - sigma.Value) <= 0.015 * sigma.Value + 1e-7
            && Math.Abs(noise.mean().item<float>()) <= 0.02 * sigma.Value + 1e-7;
    }

    [Fact]
    public void Negative_sigmas_and_steps_are_refused()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => InstanceNoise.Add(ones(2), -0.1)).ParamName);
        Assert.Equal("initialSigma", Assert.Throws<ArgumentOutOfRangeException>(() => InstanceNoise.LinearAnneal(0, -0.1)).ParamName);
        Assert.Equal("step", Assert.Throws<ArgumentOutOfRangeException>(() => InstanceNoise.LinearAnneal(-1)).ParamName);
        Assert.Equal("annealSteps", Assert.Throws<ArgumentOutOfRangeException>(() => InstanceNoise.LinearAnneal(0, 0.1, 0)).ParamName);
    }
}
