using FsCheck.Xunit;
using Functional.Tricks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tests.Tricks;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class ClippingTests
{
    [Property]
    public bool Weight_clipping_keeps_every_weight_in_the_limit_and_leaves_the_others_alone(ImageBatch first, ImageBatch second, SmoothingAmount fraction)
    {
        using var scope = NewDisposeScope();
        var limit = 0.01 + 2 * fraction.Value;
        var parameters = new[] { new Parameter(first.ToTensor(), true), new Parameter(second.ToTensor(), true) };
        var before = parameters.Select(p => p.detach().clone()).ToArray();
        Clipping.Weights(parameters, limit);
        return parameters.Zip(before, (clipped, original) =>
            (clipped.abs() <= limit).all().item<bool>()
            && clipped.detach().HasSameValuesAs(original.clamp(-limit, limit))).All(ok => ok);
    }

    [Property]
    public bool Gradient_norm_clipping_returns_the_norm_before_and_leaves_at_most_the_maximum(ImageBatch first, ImageBatch second, SmoothingAmount fraction)
    {
        using var scope = NewDisposeScope();
        var maxNorm = 0.1 + 4 * fraction.Value;
        var parameters = new[] { new Parameter(zeros(first.Shape), true), new Parameter(zeros(second.Shape), true) };
        // d/dp sum(p * c) = c: the gradients are exactly the generated values.
        (parameters[0] * first.ToTensor()).sum().add((parameters[1] * second.ToTensor()).sum()).backward();
        var expectedNorm = Math.Sqrt(first.Values.Concat(second.Values).Sum(v => (double)v * v));
        var returned = Clipping.GradientNorm(parameters, maxNorm);
        var after = Math.Sqrt(parameters.Sum(p => p.grad!.square().sum().item<float>()));
        return Approximately.Equal(returned, expectedNorm, 1e-5)
            && after <= maxNorm * (1 + 1e-5)
            && (expectedNorm > maxNorm || Approximately.Equal(after, expectedNorm, 1e-5));
    }
}
