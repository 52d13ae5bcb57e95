using FsCheck.Xunit;
using Functional.Tests.Support;
using Functional.Tricks;
using TorchSharp;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Tricks;

[Properties(MaxTest = 30, Arbitrary = [typeof(Cases)])]
public sealed class AuxiliaryClassifierProperties
{
    [Property]
    public void The_loss_is_minus_the_mean_log_softmax_at_the_label(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        var classes = shape.Out + 1;
        var logits = Normal(shape.Seed, float64, shape.Batch, classes) * 3;
        var labels = Labels(shape.Seed + 1, classes, shape.Batch);

        // By hand, in doubles: -(z_y - log Σ exp z).
        var rows = Enumerable.Range(0, shape.Batch).Select(i => logits[i].data<double>().ToArray()).ToArray();
        var expected = rows.Select((z, i) =>
        {
            var max = z.Max();
            return -(z[labels[i].item<long>()] - max - Math.Log(z.Sum(v => Math.Exp(v - max))));
        }).Average();

        Assert.Equal(expected, Value(AuxiliaryClassifier.Loss(logits, labels)), 1e-10);
    }

    [Property]
    public void A_confident_correct_classifier_has_near_zero_loss(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        var classes = shape.Out + 1;
        var labels = Labels(shape.Seed, classes, shape.Batch);

        var loss = Value(AuxiliaryClassifier.Loss(nn.functional.one_hot(labels, classes).to_type(float64) * 50, labels));

        Assert.InRange(loss, 0.0, 1e-18 + classes * Math.Exp(-50));
    }
}
