using FsCheck.Xunit;
using Functional.Losses;
using static TorchSharp.torch;

namespace Functional.Tests.Losses;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class WassersteinTests
{
    [Property]
    public bool Critic_is_mean_fake_minus_mean_real(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var loss = Wasserstein.Critic(real.ToTensor(), fake.ToTensor()).item<float>();
        return Approximately.Equal(loss, Textbook.WassersteinCritic(real.Values, fake.Values), 1e-4);
    }

    [Property]
    public bool Swapping_real_and_fake_negates_the_critic_loss(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var (r, f) = (real.ToTensor(), fake.ToTensor());
        return Wasserstein.Critic(r, f).item<float>() == -Wasserstein.Critic(f, r).item<float>();
    }

    [Property]
    public bool Generator_is_minus_mean_fake(Logits fake)
    {
        using var scope = NewDisposeScope();
        return Approximately.Equal(Wasserstein.Generator(fake.ToTensor()).item<float>(), -fake.Values.Average(x => (double)x), 1e-4);
    }
}
