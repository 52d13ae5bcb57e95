using FsCheck.Xunit;
using Functional.Networks;
using Functional.Tests.Support;
using Functional.Tricks;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Networks;

[Properties(MaxTest = 30, Arbitrary = [typeof(Cases)])]
public sealed class ConditionalProperties
{
    const long Classes = 5;

    [Property]
    public void A_projection_discriminator_with_zero_embedding_is_its_linear_head(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        using var features = nn.Sequential(nn.Linear(shape.In, shape.Out), Blocks.LeakyRelu());
        using var discriminator = new ProjectionDiscriminator(features, shape.Out, Classes);
        var (input, labels) = (Normal(shape.Seed, float32, shape.Batch, shape.In), Labels(shape.Seed, Classes, shape.Batch));
        using (no_grad()) ((Embedding)discriminator.ClassEmbedding).weight!.zero_();

        AssertEqualExactly(discriminator.Head.call(features.call(input)), discriminator.call(input, labels), "logits and the plain head");
    }

    [Property]
    public void A_projection_discriminator_adds_the_inner_product_of_class_embedding_and_features(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        using var features = nn.Sequential(nn.Linear(shape.In, shape.Out), Blocks.LeakyRelu());
        using var discriminator = new ProjectionDiscriminator(features, shape.Out, Classes);
        var (input, labels) = (Normal(shape.Seed, float32, shape.Batch, shape.In), Labels(shape.Seed, Classes, shape.Batch));

        var h = features.call(input);
        var table = ((Embedding)discriminator.ClassEmbedding).weight!;
        var projection = stack(Enumerable.Range(0, shape.Batch).Select(i => table[labels[i]].dot(h[i])), 0).unsqueeze(1);

        AssertClose(discriminator.Head.call(h) + projection, discriminator.call(input, labels), 1e-5, "logits and head + <embed(y), h>");
    }

    [Fact]
    public void A_spectrally_normalized_projection_discriminator_normalizes_its_head_and_embedding()
    {
        using var scope = NewDisposeScope();
        using var discriminator = new ProjectionDiscriminator(nn.Linear(3, 6), 6, Classes, spectralNorm: true);

        Assert.Equal([4L, 1L], discriminator.call(Normal(1, float32, 4, 3), Labels(1, Classes, 4)).shape);
        Assert.Contains("head.u", discriminator.state_dict().Keys);
        Assert.Contains("embedding.u", discriminator.state_dict().Keys);
        Assert.IsType<SpectrallyNormalized>(discriminator.Head);
        var embedding = Assert.IsType<SpectrallyNormalized>(discriminator.ClassEmbedding);
        embedding.eval();
        var labels = Labels(2, Classes, 7);
        AssertEqualExactly(embedding.EffectiveWeight().index_select(0, labels), embedding.call(labels), "embedded labels and rows of the normalized table");
    }

    [Property]
    public void A_conditional_generator_feeds_latent_and_label_embedding_to_its_body(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        const long embeddingSize = 3;
        using var body = Blocks.Mlp(shape.In + embeddingSize, 8, 1, shape.Out, () => Blocks.LeakyRelu());
        using var generator = new ConditionalGenerator(body, Classes, embeddingSize);
        var (latent, labels) = (Normal(shape.Seed, float32, shape.Batch, shape.In), Labels(shape.Seed, Classes, shape.Batch));

        var samples = generator.call(latent, labels);

        Assert.Equal([shape.Batch, (long)shape.Out], samples.shape);
        var embedded = generator.LabelEmbedding.weight!.index_select(0, labels);
        AssertClose(body.call(cat([latent, embedded], 1)), samples, 1e-6, "samples and body(cat(z, embed(y)))");
    }

    [Property]
    public void Label_maps_are_appended_as_constant_channels_to_images(ConvShape shape)
    {
        using var scope = NewDisposeScope();
        var images = Normal(shape.Seed, float32, shape.Batch, shape.InChannels, shape.Size, shape.Size);
        var embedding = Normal(shape.Seed + 1, float32, shape.Batch, 2);

        var joined = LabelConditioning.Append(images, embedding);

        Assert.Equal([shape.Batch, shape.InChannels + 2L, shape.Size, shape.Size], joined.shape);
        AssertEqualExactly(images, joined[.., ..shape.InChannels], "the image channels");
        AssertEqualExactly(embedding.unsqueeze(-1).unsqueeze(-1).expand(shape.Batch, 2, shape.Size, shape.Size), joined[.., shape.InChannels..], "the label channels");
    }

    [Property]
    public void A_label_concat_discriminator_gives_one_logit_per_sample_for_vectors_and_images(ConvShape shape)
    {
        using var scope = NewDisposeScope();
        using var vectors = new LabelConcatDiscriminator(nn.Linear(shape.InChannels + 2, 1), Classes, 2);
        using var images = new LabelConcatDiscriminator(
            nn.Sequential(nn.Conv2d(shape.InChannels + 2, 4, shape.Kernel), nn.Flatten(), nn.Linear(4L * (shape.Size - shape.Kernel + 1) * (shape.Size - shape.Kernel + 1), 1)), Classes, 2);
        var labels = Labels(shape.Seed, Classes, shape.Batch);

        Assert.Equal([shape.Batch, 1L], vectors.call(Normal(shape.Seed, float32, shape.Batch, shape.InChannels), labels).shape);
        Assert.Equal([shape.Batch, 1L], images.call(Normal(shape.Seed, float32, shape.Batch, shape.InChannels, shape.Size, shape.Size), labels).shape);
    }

    [Property]
    public void An_auxiliary_classifier_discriminator_gives_a_logit_and_class_logits_per_sample(LayerShape shape)
    {
        using var scope = NewDisposeScope();
        using var discriminator = new AuxiliaryClassifierDiscriminator(nn.Sequential(nn.Linear(shape.In, 6), Blocks.LeakyRelu()), 6, Classes);
        var labels = Labels(shape.Seed, Classes, shape.Batch);

        var (logits, classLogits) = discriminator.call(Normal(shape.Seed, float32, shape.Batch, shape.In));

        Assert.Equal([shape.Batch, 1L], logits.shape);
        Assert.Equal([shape.Batch, Classes], classLogits.shape);
        Assert.True(Value(AuxiliaryClassifier.Loss(classLogits, labels)) > 0);
    }
}
