using FsCheck.Xunit;
using Functional.Losses;
using static TorchSharp.torch;

namespace Functional.Tests.Losses;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class LeastSquaresTests
{
    [Property]
    public bool Losses_are_zero_at_their_targets(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var (r, f) = (real.ToTensor(), fake.ToTensor());
        return LeastSquares.Discriminator(ones_like(r), zeros_like(f)).item<float>() == 0
            && LeastSquares.Generator(ones_like(f)).item<float>() == 0
            && LeastSquares.Discriminator(r, f, realTargets: r, fakeTargets: f).item<float>() == 0;
    }

    [Property]
    public bool Discriminator_matches_the_textbook_squared_error(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var loss = LeastSquares.Discriminator(real.ToTensor(), fake.ToTensor()).item<float>();
        return Approximately.Equal(loss, Textbook.LeastSquaresDiscriminator(real.Values, fake.Values), 1e-4);
    }

    [Property]
    public bool Generator_matches_the_textbook_squared_error(Logits fake)
    {
        using var scope = NewDisposeScope();
        return Approximately.Equal(LeastSquares.Generator(fake.ToTensor()).item<float>(), Textbook.LeastSquaresGenerator(fake.Values), 1e-4);
    }

    [Property]
    public bool Targets_overload_equals_the_plain_loss_at_hard_targets(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var (r, f) = (real.ToTensor(), fake.ToTensor());
        var plain = LeastSquares.Discriminator(r, f).item<float>();
        var withTargets = LeastSquares.Discriminator(r, f, ones_like(r), zeros_like(f)).item<float>();
        return Approximately.Equal(withTargets, plain, 1e-5);
    }
}
