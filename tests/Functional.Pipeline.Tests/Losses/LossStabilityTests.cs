using FsCheck.Xunit;
using Functional.Losses;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Functional.Tests.Losses;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class LossStabilityTests
{
    static readonly (string Name, Func<Tensor, Tensor, Tensor> Loss)[] EveryLoss =
    [
        ("NonSaturating.Discriminator", NonSaturating.Discriminator),
        ("NonSaturating.Discriminator(smoothed targets)", (r, f) => NonSaturating.Discriminator(r, f, full_like(r, 0.9), full_like(f, 0.1))),
        ("NonSaturating.Discriminator(hard targets)", (r, f) => NonSaturating.Discriminator(r, f, ones_like(r), zeros_like(f))),
        ("Minimax.Discriminator", Minimax.Discriminator),
        ("Minimax.Discriminator(flipped targets)", (r, f) => Minimax.Discriminator(r, f, zeros_like(r), ones_like(f))),
        ("Wasserstein.Critic", Wasserstein.Critic),
        ("Hinge.Discriminator", Hinge.Discriminator),
        ("LeastSquares.Discriminator", LeastSquares.Discriminator),
        ("LeastSquares.Discriminator(smoothed targets)", (r, f) => LeastSquares.Discriminator(r, f, full_like(r, 0.9), full_like(f, 0.1))),
        ("RelativisticAverage.Discriminator", RelativisticAverage.Discriminator),
        ("NonSaturating.Generator", (_, f) => NonSaturating.Generator(f)),
        ("Minimax.Generator", (_, f) => Minimax.Generator(f)),
        ("Wasserstein.Generator", (_, f) => Wasserstein.Generator(f)),
        ("Hinge.Generator", (_, f) => Hinge.Generator(f)),
        ("LeastSquares.Generator", (_, f) => LeastSquares.Generator(f)),
        ("RelativisticAverage.Generator", (r, f) => RelativisticAverage.Generator(f, r)),
    ];

    [Property]
    public void Every_loss_and_its_gradient_stay_finite_for_logits_up_to_1e4(ExtremeLogits real, ExtremeLogits fake)
    {
        foreach (var (name, loss) in EveryLoss)
        {
            using var scope = NewDisposeScope();
            var (r, f) = (real.ToTensor().requires_grad_(), fake.ToTensor().requires_grad_());
            var value = loss(r, f);
            value.backward();
            Assert.True(float.IsFinite(value.item<float>()), $"{name} = {value.item<float>()}");
            Assert.True(AllFinite(f.grad) && AllFinite(r.grad), $"{name} has a non-finite gradient");
        }
    }

    // A loss that ignores real logits leaves their gradient undefined: nothing to check.
    static bool AllFinite(Tensor? gradient) =>
        gradient is null || gradient.IsInvalid || isfinite(gradient).all().item<bool>();
}
