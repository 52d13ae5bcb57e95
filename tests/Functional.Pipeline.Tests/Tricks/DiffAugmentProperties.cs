using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Tricks;
using TorchSharp;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Tricks;

/// <summary>A batch of images [N, C, S, S] with a seed, a probability and a policy to augment them with.</summary>
public sealed record AugmentCase(int Seed, int Batch, int Channels, int Side, double Probability, AugmentationPolicy Policy)
{
    public Tensor Images() => Uniform(Seed, -1, 1, float32, Batch, Channels, Side, Side);
    public Generator Random() => new((ulong)(uint)Seed + 1);
    public override string ToString() => $"{Batch}×{Channels}×{Side}×{Side}, p {Probability}, {Policy}, seed {Seed}";
}

public static class AugmentCases
{
    public static Arbitrary<AugmentCase> Cases() =>
        Arb.From(
            from seed in Gen.Choose(0, 100_000)
            from batch in Gen.Choose(1, 6)
            from channels in Gen.Elements(1, 3)
            from side in Gen.Choose(4, 12)
            from probability in Gen.Frequency((1, Gen.Constant(1.0)), (3, Gen.Choose(1, 1000).Select(i => i / 1000.0)))
            from policy in Gen.Elements(AugmentationPolicy.All, AugmentationPolicy.Color, AugmentationPolicy.Translation, AugmentationPolicy.Cutout,
                AugmentationPolicy.Translation | AugmentationPolicy.Cutout)
            select new AugmentCase(seed, batch, channels, side, probability, policy));
}

[Properties(Arbitrary = [typeof(AugmentCases)], MaxTest = 60)]
public sealed class DiffAugmentProperties
{
    [Property]
    public bool Probability_zero_is_the_identity_and_draws_nothing(AugmentCase c)
    {
        using var scope = NewDisposeScope();
        var images = c.Images();
        using var random = c.Random();
        var before = random.get_state();
        var augmented = DiffAugment.Apply(images, 0, random, new DiffAugmentOptions(c.Policy));
        return ReferenceEquals(augmented, images) && Same(random.get_state(), before);
    }

    [Property]
    public bool One_draw_for_the_whole_batch_transforms_every_image_of_the_call_alike(AugmentCase c)
    {
        using var scope = NewDisposeScope();
        var one = c.Images()[0].unsqueeze(0);
        var batch = one.expand(c.Batch + 1, c.Channels, c.Side, c.Side).contiguous();
        using var random = c.Random();
        var augmented = DiffAugment.Apply(batch, c.Probability, random, new DiffAugmentOptions(c.Policy, SameForWholeBatch: true));
        return Enumerable.Range(1, c.Batch).All(i => Same(augmented[i], augmented[0]));
    }

    [Property]
    public bool Each_image_is_transformed_by_its_own_draw_alone(AugmentCase c)
    {
        // Per image: image i's output depends on image i and draw i only, whatever else is in the batch.
        using var scope = NewDisposeScope();
        var images = c.Images();
        var draw = DiffAugment.Draw(c.Batch, c.Side, c.Side, c.Probability, new DiffAugmentOptions(c.Policy), CPU, c.Random());
        var whole = DiffAugment.Apply(images, draw);
        var other = DiffAugment.Apply(images.flip(0), Reversed(draw)).flip(0);
        return whole.allclose(other, 1e-5, 1e-6);
    }

    [Property]
    public bool The_gradient_reaches_the_input_and_is_the_transforms_own(AugmentCase c)
    {
        // With its draw fixed the augmentation is affine in the images, f(x) = A x + b, so the
        // gradient of ⟨w, f(x)⟩ is Aᵀw and ⟨Aᵀw, v⟩ = ⟨w, f(x + v) − f(x)⟩ for any v.
        using var scope = NewDisposeScope();
        var images = c.Images().requires_grad_(true);
        var draw = DiffAugment.Draw(c.Batch, c.Side, c.Side, c.Probability, new DiffAugmentOptions(c.Policy), CPU, c.Random());
        var weights = Normal(c.Seed + 2, float32, images.shape);
        var augmented = DiffAugment.Apply(images, draw);
        var gradient = autograd.grad([(augmented * weights).sum()], [images])[0];
        var direction = Normal(c.Seed + 3, float32, images.shape);
        using var noGrad = no_grad();
        var change = (weights * (DiffAugment.Apply(images + direction, draw) - augmented)).sum().to_type(float64).item<double>();
        var predicted = (gradient * direction).sum().to_type(float64).item<double>();
        var scale = Math.Max(1, Math.Abs(change));
        return gradient.isfinite().all().item<bool>() && Math.Abs(change - predicted) <= 1e-3 * scale;
    }

    [Property(MaxTest = 30)]
    public bool Translation_moves_every_pixel_by_its_images_shift_and_fills_zeros(AugmentCase c)
    {
        using var scope = NewDisposeScope();
        var images = c.Images();
        var rows = Labels(c.Seed, 2 * c.Side + 1, c.Batch) - c.Side;
        var columns = Labels(c.Seed + 1, 2 * c.Side + 1, c.Batch) - c.Side;
        var moved = DiffAugment.Translate(images, rows, columns);
        for (var n = 0; n < c.Batch; n++)
        for (var r = 0; r < c.Side; r++)
        for (var col = 0; col < c.Side; col++)
        {
            var (sr, sc) = (r - rows[n].item<long>(), col - columns[n].item<long>());
            var expected = sr >= 0 && sr < c.Side && sc >= 0 && sc < c.Side ? images[n, TensorIndex.Colon, sr, sc] : zeros(c.Channels);
            if (!Same(moved[n, TensorIndex.Colon, r, col], expected)) return false;
        }
        return true;
    }

    [Property(MaxTest = 30)]
    public bool Cutout_zeroes_its_square_clipped_to_the_image_and_nothing_else(AugmentCase c)
    {
        using var scope = NewDisposeScope();
        var images = c.Images().abs() + 0.5;   // no zero pixels of their own
        var size = Math.Max(1, c.Side / 2);
        var top = Labels(c.Seed, c.Side + size, c.Batch) - size / 2;
        var left = Labels(c.Seed + 1, c.Side + size, c.Batch) - size / 2;
        var applied = Labels(c.Seed + 2, 2, c.Batch).to_type(ScalarType.Bool);
        var cut = DiffAugment.Cutout(images, top, left, size, size, applied);
        for (var n = 0; n < c.Batch; n++)
        {
            long Inside(long first) => Math.Max(0, Math.Min(c.Side, first + size) - Math.Max(0, first));
            var zeroed = applied[n].item<bool>() ? Inside(top[n].item<long>()) * Inside(left[n].item<long>()) * c.Channels : 0;
            if ((cut[n] == 0).sum().item<long>() != zeroed) return false;
        }
        return (cut == images).logical_or(cut == 0).all().item<bool>();
    }

    [Property(MaxTest = 20)]
    public bool Draws_are_in_diffaugments_ranges_and_repeat_for_the_same_seed(AugmentCase c)
    {
        using var scope = NewDisposeScope();
        var options = new DiffAugmentOptions();
        var draw = DiffAugment.Draw(200, c.Side, c.Side, c.Probability, options, CPU, c.Random());
        var again = DiffAugment.Draw(200, c.Side, c.Side, c.Probability, options, CPU, c.Random());
        var shift = (long)(c.Side * options.TranslationRatio);
        return draw.Brightness.ge(-0.5).logical_and(draw.Brightness.lt(0.5)).all().item<bool>()
            && draw.Saturation.ge(0).logical_and(draw.Saturation.lt(2)).all().item<bool>()
            && draw.Contrast.ge(0.5).logical_and(draw.Contrast.lt(1.5)).all().item<bool>()
            && draw.ShiftRows.abs().le(shift).all().item<bool>() && draw.ShiftColumns.abs().le(shift).all().item<bool>()
            && Same(draw.Brightness, again.Brightness) && Same(draw.ShiftRows, again.ShiftRows)
            && Same(draw.CutoutTop, again.CutoutTop) && Same(draw.CutoutApplied, again.CutoutApplied);
    }

    [Fact]
    public void Each_transform_happens_to_a_share_p_of_the_images()
    {
        using var scope = NewDisposeScope();
        foreach (var p in new[] { 0.1, 0.5, 0.9 })
        {
            using var random = new Generator(5);
            var draw = DiffAugment.Draw(20_000, 32, 32, p, new DiffAugmentOptions(), CPU, random);
            // 20,000 Bernoulli draws: a standard error of at most 0.0035; 0.02 is over five of them.
            Assert.InRange((draw.Brightness != 0).to_type(float64).mean().item<double>(), p - 0.02, p + 0.02);
            Assert.InRange(draw.CutoutApplied.to_type(float64).mean().item<double>(), p - 0.02, p + 0.02);
        }
    }

    [Fact]
    public void Saturation_leaves_gray_images_alone_and_out_of_range_probabilities_are_refused()
    {
        using var scope = NewDisposeScope();
        var gray = Uniform(3, -1, 1, float32, 2, 1, 5, 5);
        Assert.True(DiffAugment.Saturation(gray, tensor(new float[] { 0.3f, 1.7f })).allclose(gray, 1e-6, 1e-6));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiffAugment.Apply(gray, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiffAugment.Apply(gray, -0.1));
        Assert.Throws<ArgumentException>(() => DiffAugment.Apply(zeros(3, 4), 0.5));
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && (a == b).all().item<bool>();

    static AugmentationDraw Reversed(AugmentationDraw d) => d with
    {
        Brightness = d.Brightness.flip(0), Saturation = d.Saturation.flip(0), Contrast = d.Contrast.flip(0),
        ShiftRows = d.ShiftRows.flip(0), ShiftColumns = d.ShiftColumns.flip(0),
        CutoutTop = d.CutoutTop.flip(0), CutoutLeft = d.CutoutLeft.flip(0), CutoutApplied = d.CutoutApplied.flip(0),
    };
}
