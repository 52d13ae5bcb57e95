using FsCheck;
using FsCheck.Xunit;
using TorchSharp;
using Functional.Losses;
using static TorchSharp.torch;

namespace Functional.Tests.Losses;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class NonSaturatingTests
{
    [Property]
    public bool Discriminator_loss_at_zero_logits_is_two_ln_two(PositiveInt realCount, PositiveInt fakeCount)
    {
        using var scope = NewDisposeScope();
        var loss = NonSaturating.Discriminator(zeros(realCount.Get % 16 + 1), zeros(fakeCount.Get % 16 + 1)).item<float>();
        return Approximately.Equal(loss, 2 * Math.Log(2));
    }

    [Property]
    public bool Discriminator_matches_the_textbook_cross_entropy(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var loss = NonSaturating.Discriminator(real.ToTensor(), fake.ToTensor()).item<float>();
        return Approximately.Equal(loss, Textbook.GoodfellowDiscriminator(real.Values, fake.Values), 1e-4);
    }

    [Property]
    public bool Generator_matches_minus_log_sigmoid(Logits fake)
    {
        using var scope = NewDisposeScope();
        var loss = NonSaturating.Generator(fake.ToTensor()).item<float>();
        return Approximately.Equal(loss, Textbook.NonSaturatingGenerator(fake.Values), 1e-4);
    }

    [Property]
    public bool Targets_overload_equals_the_plain_loss_at_hard_targets(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var (r, f) = (real.ToTensor(), fake.ToTensor());
        var plain = NonSaturating.Discriminator(r, f).item<float>();
        var withTargets = NonSaturating.Discriminator(r, f, ones_like(r), zeros_like(f)).item<float>();
        return Approximately.Equal(withTargets, plain, 1e-4);
    }

    [Property]
    public bool Targets_overload_matches_the_textbook_cross_entropy_at_soft_targets(Logits real, Logits fake, SmoothingAmount amount)
    {
        using var scope = NewDisposeScope();
        var realTargets = real.Values.Select(_ => (float)(1 - amount.Value)).ToArray();
        var fakeTargets = fake.Values.Select(_ => (float)amount.Value).ToArray();
        var loss = NonSaturating.Discriminator(real.ToTensor(), fake.ToTensor(), tensor(realTargets), tensor(fakeTargets)).item<float>();
        var expected = Textbook.CrossEntropy(real.Values, realTargets) + Textbook.CrossEntropy(fake.Values, fakeTargets);
        return Approximately.Equal(loss, expected, 1e-4);
    }
}
