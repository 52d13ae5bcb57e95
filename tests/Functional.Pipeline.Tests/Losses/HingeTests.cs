using FsCheck.Xunit;
using Functional.Losses;
using static TorchSharp.torch;

namespace Functional.Tests.Losses;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class HingeTests
{
    [Property]
    public bool Discriminator_loss_is_never_negative(ExtremeLogits real, ExtremeLogits fake)
    {
        using var scope = NewDisposeScope();
        return Hinge.Discriminator(real.ToTensor(), fake.ToTensor()).item<float>() >= 0;
    }

    [Property]
    public bool Discriminator_loss_is_exactly_zero_beyond_the_margins(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var confidentReal = 1 + real.ToTensor().abs();  // every real ≥ 1
        var confidentFake = -1 - fake.ToTensor().abs(); // every fake ≤ -1
        return Hinge.Discriminator(confidentReal, confidentFake).item<float>() == 0;
    }

    [Property]
    public bool Discriminator_matches_the_textbook_hinge(Logits real, Logits fake)
    {
        using var scope = NewDisposeScope();
        var loss = Hinge.Discriminator(real.ToTensor(), fake.ToTensor()).item<float>();
        return Approximately.Equal(loss, Textbook.HingeDiscriminator(real.Values, fake.Values), 1e-4);
    }

    [Property]
    public bool Generator_is_minus_mean_fake(Logits fake)
    {
        using var scope = NewDisposeScope();
        return Approximately.Equal(Hinge.Generator(fake.ToTensor()).item<float>(), -fake.Values.Average(x => (double)x), 1e-4);
    }
}
