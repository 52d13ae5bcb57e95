using FsCheck.Xunit;
using Functional.Tests.Support;
using Functional.Tricks;
using TorchSharp;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Tricks;

/// <summary>The math of W-Net's loss terms: label-smoothed cross-entropy, constancy, feature matching.</summary>
[Properties(MaxTest = 30, Arbitrary = [typeof(Cases)])]
public sealed class WnetLossProperties
{
    [Property]
    public void Smoothed_cross_entropy_is_the_textbook_mixture_of_the_label_and_the_uniform_target(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        var classes = shape.Out + 1;
        var logits = Normal(shape.Seed, float64, shape.Batch, classes) * 3;
        var labels = Labels(shape.Seed + 1, classes, shape.Batch);
        var amount = shape.In % 6 / 10.0;   // 0 … 0.5

        var expected = Enumerable.Range(0, shape.Batch).Select(i =>
        {
            var z = logits[i].data<double>().ToArray();
            var max = z.Max();
            var logSum = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
            var logP = z.Select(v => v - logSum).ToArray();
            // The smoothed target: 1 − a + a/K on the label, a/K elsewhere.
            return -Enumerable.Range(0, classes).Sum(k => ((k == labels[i].item<long>() ? 1 - amount : 0) + amount / classes) * logP[k]);
        }).Average();

        Assert.Equal(expected, Value(LabelSmoothing.CrossEntropy(logits, labels, amount)), 1e-10);
        Assert.Equal(Value(nn.functional.cross_entropy(logits, labels, label_smoothing: amount)), Value(LabelSmoothing.CrossEntropy(logits, labels, amount)), 1e-10);
    }

    [Property]
    public void With_smoothing_ever_more_confident_logits_stop_paying_off(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        var classes = shape.Out + 1;
        var labels = Labels(shape.Seed, classes, shape.Batch);
        var confident = nn.functional.one_hot(labels, classes).to_type(float64);
        // Without smoothing a wider margin always lowers the loss; with it the loss has a finite best margin.
        Assert.True(Value(LabelSmoothing.CrossEntropy(confident * 40, labels, 0)) < Value(LabelSmoothing.CrossEntropy(confident * 4, labels, 0)));
        if (classes > 1)
            Assert.True(Value(LabelSmoothing.CrossEntropy(confident * 40, labels, 0.1)) > Value(LabelSmoothing.CrossEntropy(confident * 4, labels, 0.1)));
    }

    [Fact]
    public void Smoothing_past_one_half_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelSmoothing.CrossEntropy(zeros(2, 3), tensor(new long[] { 0, 1 }), 0.6));

    [Property]
    public void Constancy_is_the_mean_squared_distance_and_leaves_the_input_code_alone(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        var output = Normal(shape.Seed, float64, shape.Batch, shape.In).requires_grad_(true);
        var input = Normal(shape.Seed + 1, float64, shape.Batch, shape.In).requires_grad_(true);

        var loss = EncoderLosses.Constancy(output, input);
        loss.backward();

        Assert.Equal(Value((output - input).square().mean()), Value(loss), 1e-12);
        Assert.Null(input.grad);
        AssertClose(2 * (output - input).detach() / output.numel(), output.grad!, 1e-12, "d constancy / d output code");
        Assert.Equal(0, Value(EncoderLosses.Constancy(input.detach(), input)), 15);
    }

    [Property]
    public void Feature_matching_trains_the_generated_side_only(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        var generated = new[] { Normal(shape.Seed, float64, shape.Batch, shape.In).requires_grad_(true), Normal(shape.Seed + 2, float64, shape.Batch, 3).requires_grad_(true) };
        var real = new[] { Normal(shape.Seed + 1, float64, shape.Batch, shape.In).requires_grad_(true), Normal(shape.Seed + 3, float64, shape.Batch, 3).requires_grad_(true) };

        var loss = FeatureMatching.Loss(generated, real, [1.0, 0.5]);
        loss.backward();

        var expected = Value((generated[0] - real[0]).square().mean()) + 0.5 * Value((generated[1] - real[1]).square().mean());
        Assert.Equal(expected, Value(loss), 1e-12);
        Assert.All(real, r => Assert.Null(r.grad));
        Assert.All(generated, g => Assert.NotNull(g.grad));
    }
}
