using FsCheck.Xunit;
using Functional.Losses;
using static TorchSharp.torch;

namespace Functional.Tests.Losses;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class MinimaxTests
{
    [Property]
    public bool Generator_matches_mean_log_one_minus_sigmoid(Logits fake)
    {
        using var scope = NewDisposeScope();
        var loss = Minimax.Generator(fake.ToTensor()).item<float>();
        return Approximately.Equal(loss, Textbook.MinimaxGenerator(fake.Values), 1e-4);
    }

    [Property]
    public bool Generator_is_the_negated_fake_term_of_the_discriminator_loss(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var (r, f) = (real.ToTensor(), fake.ToTensor());
        // The discriminator's loss is mean softplus(-real) (the real term) + mean softplus(fake) (the fake term).
        var realTerm = NonSaturating.Generator(r).item<float>();
        var fakeTerm = Minimax.Discriminator(r, f).item<float>() - realTerm;
        return Approximately.Equal(Minimax.Generator(f).item<float>(), -fakeTerm, 1e-4);
    }

    [Property]
    public bool Discriminator_is_the_standard_cross_entropy(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var loss = Minimax.Discriminator(real.ToTensor(), fake.ToTensor()).item<float>();
        return Approximately.Equal(loss, Textbook.GoodfellowDiscriminator(real.Values, fake.Values), 1e-4);
    }

    [Property]
    public bool Targets_overload_equals_the_plain_loss_at_hard_targets(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var (r, f) = (real.ToTensor(), fake.ToTensor());
        var plain = Minimax.Discriminator(r, f).item<float>();
        var withTargets = Minimax.Discriminator(r, f, ones_like(r), zeros_like(f)).item<float>();
        return Approximately.Equal(withTargets, plain, 1e-4);
    }
}
