using FsCheck.Xunit;
using Functional.Losses;
using static TorchSharp.torch;

namespace Functional.Tests.Losses;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class RelativisticAverageTests
{
    [Property]
    public bool Discriminator_matches_RaSGAN(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var loss = RelativisticAverage.Discriminator(real.ToTensor(), fake.ToTensor()).item<float>();
        return Approximately.Equal(loss, Textbook.RelativisticAverageDiscriminator(real.Values, fake.Values), 1e-4);
    }

    [Property]
    public bool Generator_matches_RaSGAN(Logits fake, Logits real)
    {
        using var scope = NewDisposeScope();
        var loss = RelativisticAverage.Generator(fake.ToTensor(), real.ToTensor()).item<float>();
        return Approximately.Equal(loss, Textbook.RelativisticAverageGenerator(fake.Values, real.Values), 1e-4);
    }

    [Property]
    public bool Generator_loss_is_the_discriminator_loss_with_real_and_fake_swapped(Logits a, Logits b)
    {
        using var scope = NewDisposeScope();
        var (x, y) = (a.ToTensor(), b.ToTensor());
        return Approximately.Equal(
            RelativisticAverage.Generator(fakeLogits: x, realLogits: y).item<float>(),
            RelativisticAverage.Discriminator(realLogits: x, fakeLogits: y).item<float>());
    }

    [Property]
    public bool Only_differences_of_logits_matter(Logits real, Logits fake, Logits shift)
    {
        using var scope = NewDisposeScope();
        var (r, f) = (real.ToTensor(), fake.ToTensor());
        var c = shift.Values[0];
        return Approximately.Equal(
            RelativisticAverage.Discriminator(r + c, f + c).item<float>(),
            RelativisticAverage.Discriminator(r, f).item<float>(), 1e-4)
            && Approximately.Equal(
            RelativisticAverage.Generator(f + c, r + c).item<float>(),
            RelativisticAverage.Generator(f, r).item<float>(), 1e-4);
    }

    [Property]
    public bool Both_losses_are_two_ln_two_when_every_logit_is_equal(Logits constant)
    {
        using var scope = NewDisposeScope();
        var same = full(5, constant.Values[0]);
        return Approximately.Equal(RelativisticAverage.Discriminator(same, same).item<float>(), 2 * Math.Log(2))
            && Approximately.Equal(RelativisticAverage.Generator(same, same).item<float>(), 2 * Math.Log(2));
    }
}
