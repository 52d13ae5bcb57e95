using Functional.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Metrics;

/// <summary>How the feature classifier is built and trained.</summary>
public sealed record FeatureClassifierOptions(
    int Steps = 300,
    double LearningRate = 1e-3,
    int Width = 32,
    int FeatureSize = 128,
    long Seed = 0);

/// <summary>
/// A small convolutional classifier that this library trains on a labelled image source and then
/// freezes, to give image metrics a feature space (<see cref="Features"/>, its penultimate layer)
/// and conditional samples a judge (<see cref="Accuracy"/>). Three strided 4×4 convolutions after a
/// 3×3 one, LeakyReLU 0.2, no pooling and no normalization (so features do not depend on the batch),
/// then a fully connected feature layer and a linear class head. Images must be at least 8×8.
/// </summary>
public sealed class FeatureClassifier : nn.Module<Tensor, Tensor>
{
    const double Slope = 0.2;
    const int EvaluationBatch = 500;

    readonly Sequential body;
    readonly Linear head;
    readonly Sequential convolutions;

    FeatureClassifier(IReadOnlyList<long> imageShape, int classes, FeatureClassifierOptions o) : base(nameof(FeatureClassifier))
    {
        if (imageShape is not [var channels, var height, var width] || height < 8 || width < 8)
            throw new ArgumentException($"the feature classifier takes images [C, H, W] of at least 8×8, got [{string.Join(", ", imageShape)}]");
        var w = o.Width;
        convolutions = nn.Sequential(
            nn.Conv2d(channels, w, 3, padding: 1), nn.LeakyReLU(Slope),
            nn.Conv2d(w, 2 * w, 4, stride: 2, padding: 1), nn.LeakyReLU(Slope),
            nn.Conv2d(2 * w, 4 * w, 4, stride: 2, padding: 1), nn.LeakyReLU(Slope),
            nn.Conv2d(4 * w, 4 * w, 4, stride: 2, padding: 1), nn.LeakyReLU(Slope),
            nn.Flatten());
        long flat;
        using (NewDisposeScope())
        using (no_grad())
            flat = convolutions.call(zeros(1, channels, height, width)).size(1);
        body = nn.Sequential(convolutions, nn.Linear(flat, o.FeatureSize), nn.LeakyReLU(Slope));
        head = nn.Linear(o.FeatureSize, classes);
        ImageShape = imageShape.ToArray();
        Classes = classes;
        FeatureSize = o.FeatureSize;
        Options = o;
        RegisterComponents();
    }

    /// <summary>How it was built and trained.</summary>
    public FeatureClassifierOptions Options { get; }

    /// <summary>A frozen copy with the same weights, on the CPU: one trained classifier shared by several sessions, each owning its copy.</summary>
    public FeatureClassifier Copy()
    {
        var copy = new FeatureClassifier(ImageShape, Classes, Options);
        using (no_grad())
            foreach (var (target, source) in copy.parameters().Zip(parameters()))
                target.copy_(source);
        foreach (var parameter in copy.parameters()) parameter.requires_grad = false;
        copy.eval();
        return copy;
    }

    public IReadOnlyList<long> ImageShape { get; }
    public int Classes { get; }
    public int FeatureSize { get; }

    /// <summary>Class logits [N, classes].</summary>
    public override Tensor forward(Tensor images) => head.call(body.call(images));

    /// <summary>
    /// Trains a fresh classifier for <see cref="FeatureClassifierOptions.Steps"/> Adam steps of cross
    /// entropy on batches of <paramref name="source"/>, on the batches' device, with weights drawn
    /// from <see cref="FeatureClassifierOptions.Seed"/>; returns it frozen (eval mode, no gradients).
    /// </summary>
    public static FeatureClassifier Train(IBatchSource source, FeatureClassifierOptions? options = null)
    {
        var o = options ?? new FeatureClassifierOptions();
        if (source.Classes < 2) throw new ArgumentException($"the feature classifier needs a labelled source with at least 2 classes, this one has {source.Classes}");
        var classifier = new FeatureClassifier(source.SampleShape, source.Classes, o);
        classifier.Initialize(o.Seed);
        // The batches' device, from one batch spent on finding it out. The module moves before the
        // optimizer is made (Module.to may replace the parameter tensors it would hold), outside
        // any dispose scope (which would take the moved parameters).
        Device device;
        using (NewDisposeScope()) device = source.Next().Real.device;
        classifier.to(device);
        using var optimizer = optim.Adam(classifier.parameters(), o.LearningRate);
        classifier.train();
        for (var step = 0; step < o.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var batch = source.Next();
            if (batch.Labels is null) throw new ArgumentException("the feature classifier needs labelled batches");
            optimizer.zero_grad();
            nn.functional.cross_entropy(classifier.call(batch.Real), batch.Labels).backward();
            optimizer.step();
        }
        foreach (var parameter in classifier.parameters()) parameter.requires_grad = false;
        classifier.eval();
        return classifier;
    }

    /// <summary>
    /// The activations after each of the four convolutions, on <paramref name="images"/>' device and
    /// with their graph (gradients flow to the images, not to the frozen weights): the feature maps
    /// of a perceptual loss, from a classifier that knows the data.
    /// </summary>
    public IReadOnlyList<Tensor> Activations(Tensor images)
    {
        var maps = new List<Tensor>(4);
        var x = images;
        for (var i = 0; i < convolutions.Count; i++)
        {
            x = convolutions[i].call(x);
            if (convolutions[i] is LeakyReLU) maps.Add(x);
        }
        return maps;
    }

    /// <summary>Penultimate-layer features [N, <see cref="FeatureSize"/>], float32 on the CPU, computed in batches.</summary>
    public Tensor Features(Tensor images) => InBatches(images, body.call);

    /// <summary>The fraction of <paramref name="images"/> classified as their <paramref name="labels"/>.</summary>
    public double Accuracy(Tensor images, Tensor labels)
    {
        if (labels.numel() != images.size(0)) throw new ArgumentException($"{images.size(0)} images but {labels.numel()} labels");
        using var scope = NewDisposeScope();
        var predicted = InBatches(images, forward).argmax(1);
        return (predicted == labels.to(CPU).to_type(int64)).to_type(float64).mean().item<double>();
    }

    Tensor InBatches(Tensor images, Func<Tensor, Tensor> run)
    {
        if (!images.shape[1..].SequenceEqual(ImageShape))
            throw new ArgumentException($"images [{string.Join(", ", images.shape)}] do not match the classifier's [N, {string.Join(", ", ImageShape)}]");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = head.weight!.device;
        var parts = new List<Tensor>();
        for (long start = 0; start < images.size(0); start += EvaluationBatch)
        {
            var chunk = images.narrow(0, start, Math.Min(EvaluationBatch, images.size(0) - start));
            parts.Add(run(chunk.to(device).to_type(float32)).to(CPU));
        }
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Kaiming-uniform weights for LeakyReLU(0.2) and zero biases, from a seeded generator rather than torch's global one.</summary>
    void Initialize(long seed)
    {
        using var generator = new torch.Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith("bias")) { parameter.zero_(); continue; }
            var fanIn = parameter.numel() / parameter.size(0);
            var bound = Math.Sqrt(6.0 / ((1 + Slope * Slope) * fanIn));
            parameter.uniform_(-bound, bound, generator: generator);
        }
    }
}
