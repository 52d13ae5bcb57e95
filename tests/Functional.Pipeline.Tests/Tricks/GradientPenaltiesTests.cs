using FsCheck;
using FsCheck.Xunit;
using Functional.Tricks;
using TorchSharp;
using static TorchSharp.torch;
using Xunit;

namespace Functional.Tests.Tricks;

[Properties(Arbitrary = [typeof(TensorArbitraries)], MaxTest = 50)]
public sealed class GradientPenaltiesTests
{
    [Property]
    public bool WganGp_is_zero_for_a_linear_critic_with_a_unit_norm_weight(ImageBatch batch, int seed)
    {
        using var scope = NewDisposeScope();
        var x = batch.ToTensor();
        var gradients = LinearCritic.WithNorm(x, 1, seed).InputGradients(x);
        return GradientPenalties.WganGp(gradients).item<float>() < 1e-9;
    }

    [Property]
    public bool WganGp_of_a_linear_critic_is_lambda_times_the_squared_distance_of_its_norm_from_the_target(
        ImageBatch batch, int seed, PositiveInt norm, SmoothingAmount lambda, SmoothingAmount target)
    {
        using var scope = NewDisposeScope();
        var x = batch.ToTensor();
        var weightNorm = norm.Get % 5 / 2.0; // 0, 0.5, ... 2
        var gradients = LinearCritic.WithNorm(x, weightNorm, seed).InputGradients(x);
        var expected = lambda.Value * Math.Pow(weightNorm - target.Value, 2);
        return Approximately.Equal(GradientPenalties.WganGp(gradients, lambda.Value, target.Value).item<float>(), expected, 1e-4);
    }

    [Property]
    public bool WganGp_is_linear_in_lambda(ImageBatch gradients, SmoothingAmount lambda)
    {
        using var scope = NewDisposeScope();
        var g = gradients.ToTensor();
        var scaled = 20 * lambda.Value;
        return Approximately.Equal(
            GradientPenalties.WganGp(g, scaled).item<float>(),
            scaled * GradientPenalties.WganGp(g, 1).item<float>(), 1e-5);
    }

    [Property]
    public bool One_sided_WganGp_ignores_slopes_below_one_and_agrees_with_WganGp_above(ImageBatch batch, int seed, SmoothingAmount below)
    {
        using var scope = NewDisposeScope();
        var x = batch.ToTensor();
        // At least 0.01 below the unit slope: exactly 1 comes out as 1.0000001 in float32.
        var gentle = LinearCritic.WithNorm(x, 0.99 - below.Value, seed).InputGradients(x);
        var steep = LinearCritic.WithNorm(x, 1.5 + below.Value, seed).InputGradients(x);
        return GradientPenalties.OneSidedWganGp(gentle).item<float>() == 0
            && Approximately.Equal(GradientPenalties.OneSidedWganGp(steep).item<float>(), GradientPenalties.WganGp(steep).item<float>(), 1e-5);
    }

    [Property]
    public bool Dragan_is_the_unit_target_penalty(ImageBatch gradients, SmoothingAmount lambda)
    {
        using var scope = NewDisposeScope();
        var g = gradients.ToTensor();
        return Approximately.Equal(
            GradientPenalties.Dragan(g, lambda.Value).item<float>(),
            GradientPenalties.WganGp(g, lambda.Value, target: 1).item<float>(), 1e-6);
    }

    [Property]
    public bool R1_and_R2_are_never_negative(ImageBatch gradients)
    {
        using var scope = NewDisposeScope();
        var g = gradients.ToTensor();
        return GradientPenalties.R1(g).item<float>() >= 0 && GradientPenalties.R2(g).item<float>() >= 0;
    }

    [Property]
    public bool R1_is_zero_for_a_constant_discriminator(ImageBatch batch, Logits constant)
    {
        using var scope = NewDisposeScope();
        var x = batch.ToTensor().requires_grad_(true);
        var output = (x * 0).flatten(1).sum(1) + constant.Values[0]; // x * 0 keeps x in the graph
        return GradientPenalties.R1(GradientPenalties.InputGradients(output, x)).item<float>() == 0;
    }

    [Property]
    public bool R1_of_a_linear_discriminator_is_gamma_over_two_times_its_squared_weight_norm(ImageBatch batch, int seed, SmoothingAmount gamma)
    {
        using var scope = NewDisposeScope();
        var x = batch.ToTensor();
        var critic = LinearCritic.WithNorm(x, 1.5, seed);
        var gradients = critic.InputGradients(x);
        return Approximately.Equal(GradientPenalties.R1(gradients, gamma.Value).item<float>(), gamma.Value / 2 * 1.5 * 1.5, 1e-5)
            && Approximately.Equal(GradientPenalties.R2(gradients, gamma.Value).item<float>(), gamma.Value / 2 * 1.5 * 1.5, 1e-5);
    }

    [Property]
    public bool R1_is_quadratic_in_the_weight_scale(ImageBatch batch, int seed, SmoothingAmount fraction)
    {
        using var scope = NewDisposeScope();
        var x = batch.ToTensor();
        var scale = 4 * fraction.Value;
        var critic = LinearCritic.WithNorm(x, 1, seed);
        var scaled = new LinearCritic(critic.Weight * scale);
        return Approximately.Equal(
            GradientPenalties.R1(scaled.InputGradients(x)).item<float>(),
            scale * scale * GradientPenalties.R1(critic.InputGradients(x)).item<float>(), 1e-5);
    }

    [Property]
    public bool Per_sample_norm_runs_over_every_non_batch_dimension(ImageBatch gradients)
    {
        using var scope = NewDisposeScope();
        var norms = GradientPenalties.PerSampleNorm(gradients.ToTensor());
        var batch = (int)gradients.Shape[0];
        var perSample = gradients.Values.Length / batch;
        var expected = Enumerable.Range(0, batch)
            .Select(i => Math.Sqrt(gradients.Values.Skip(i * perSample).Take(perSample).Sum(v => (double)v * v)))
            .ToArray();
        return norms.shape.SequenceEqual([batch])
            && expected.Select((e, i) => Approximately.Equal(norms[i].item<float>(), e, 1e-5)).All(ok => ok);
    }

    [Fact]
    public void Per_sample_norm_is_not_a_norm_over_channels_only()
    {
        using var scope = NewDisposeScope();
        // One sample, one channel, 2x2 pixels of ones: ||g|| = 2, while a norm over dim 1 gives 1 per pixel.
        var gradients = ones(1, 1, 2, 2);
        var norms = GradientPenalties.PerSampleNorm(gradients);
        Assert.Equal([1L], norms.shape);
        Assert.Equal(2f, norms[0].item<float>(), 6);
        Assert.False(gradients.norm(1).HasSameValuesAs(norms));
        Assert.Equal(10f, GradientPenalties.WganGp(gradients).item<float>(), 5); // 10 (2 - 1)², not 0
    }

    [Property]
    public bool Interpolates_lie_between_real_and_fake(ImageBatch real, int seed)
    {
        using var scope = NewDisposeScope();
        var r = real.ToTensor().requires_grad_(true);
        var f = randn(r.shape, generator: new torch.Generator((ulong)seed, CPU));
        var mixed = GradientPenalties.Interpolate(r, f, new torch.Generator((ulong)seed + 1, CPU));
        const float slack = 1e-6f;
        return !mixed.requires_grad
            && mixed.shape.SequenceEqual(r.shape)
            && (mixed >= minimum(r, f) - slack).all().item<bool>()
            && (mixed <= maximum(r, f) + slack).all().item<bool>();
    }

    [Property]
    public bool Interpolation_draws_one_weight_per_sample(ImageBatch shape, int seed)
    {
        using var scope = NewDisposeScope();
        var r = ones(shape.Shape);
        var alpha = GradientPenalties.Interpolate(r, zeros_like(r), new torch.Generator((ulong)seed, CPU)).flatten(1);
        // Between ones and zeros every element is alpha itself: constant along each sample.
        return (alpha == alpha[.., 0..1]).all().item<bool>()
            && (alpha >= 0).all().item<bool>() && (alpha <= 1).all().item<bool>();
    }

    [Property]
    public bool Perturbed_points_lie_within_c_standard_deviations_above_the_data(ImageBatch real, SmoothingAmount c, int seed)
    {
        using var scope = NewDisposeScope();
        var r = real.ToTensor().requires_grad_(true);
        var shift = GradientPenalties.Perturb(r, c.Value, new torch.Generator((ulong)seed, CPU)) - r;
        var bound = c.Value * r.std(unbiased: false).item<float>();
        return !GradientPenalties.Perturb(r, c.Value).requires_grad
            && (shift >= -1e-6f).all().item<bool>()
            && (shift <= bound + 1e-6f).all().item<bool>();
    }

    [Property]
    public bool Input_gradients_keep_the_graph_for_the_penalty_and_the_loss(ImageBatch batch, int seed, SmoothingAmount gamma)
    {
        using var scope = NewDisposeScope();
        var x = batch.ToTensor();
        var weight = LinearCritic.WithNorm(x, 1, seed).Weight.detach().requires_grad_(true);
        var input = x.detach().requires_grad_(true);
        var scores = input.flatten(1).matmul(weight);
        var penalty = GradientPenalties.R1(GradientPenalties.InputGradients(scores, input), gamma.Value);
        // The critic's loss still back-propagates through the same forward pass (retain_graph) ...
        scores.mean().backward();
        var lossGradient = weight.grad!.clone();
        weight.grad!.zero_();
        // ... and the penalty back-propagates into the weight (create_graph): d/dw gamma/2 ||w||² = gamma w.
        penalty.backward();
        return lossGradient.allclose(input.flatten(1).mean([0]), rtol: 1e-5, atol: 1e-6)
            && weight.grad!.allclose(gamma.Value * weight, rtol: 1e-4, atol: 1e-6);
    }
}
