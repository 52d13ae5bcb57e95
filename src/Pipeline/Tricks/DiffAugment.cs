using System.Diagnostics.Contracts;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>Which of DiffAugment's transforms run: the paper's policy is all three, "color,translation,cutout".</summary>
[Flags]
public enum AugmentationPolicy
{
    None = 0,
    /// <summary>Brightness, saturation and contrast, each with its own draw.</summary>
    Color = 1,
    /// <summary>An integer shift of up to <see cref="DiffAugmentOptions.TranslationRatio"/> of the side, filled with zeros.</summary>
    Translation = 2,
    /// <summary>A square of <see cref="DiffAugmentOptions.CutoutRatio"/> of the side set to zero.</summary>
    Cutout = 4,
    All = Color | Translation | Cutout,
}

/// <summary>
/// DiffAugment's settings (the paper's defaults): which transforms, how far translation shifts and
/// how large the cutout is, and whether one draw serves the whole batch (every image of one call
/// transformed alike) instead of one draw per image.
/// </summary>
public sealed record DiffAugmentOptions(
    AugmentationPolicy Policy = AugmentationPolicy.All,
    double TranslationRatio = 0.125,
    double CutoutRatio = 0.5,
    bool SameForWholeBatch = false);

/// <summary>
/// One draw of DiffAugment's parameters for a batch of N images, with the identity's values where a
/// transform was not drawn: brightness shifts [N] (0), saturation and contrast factors [N] (1),
/// integer row and column shifts [N] (0), and cutout squares as first row/column [N] with a side
/// (no square: side 0). <see cref="DiffAugment.Apply(Tensor, AugmentationDraw)"/> applies it.
/// </summary>
public sealed record AugmentationDraw(
    Tensor Brightness,
    Tensor Saturation,
    Tensor Contrast,
    Tensor ShiftRows,
    Tensor ShiftColumns,
    Tensor CutoutTop,
    Tensor CutoutLeft,
    Tensor CutoutApplied,
    long CutoutHeight,
    long CutoutWidth);

/// <summary>
/// Differentiable augmentation of what the discriminator sees (Zhao et al. 2020, "Differentiable
/// Augmentation for Data-Efficient GAN Training"): the same random colour, translation and cutout
/// transforms on real and generated images, built from differentiable tensor operations so the
/// generator's gradient flows through them. Each transform is applied to each image with
/// probability p, as ADA applies its transforms (Karras et al. 2020); p = 1 is DiffAugment as
/// published. Images are [N, C, H, W] in [−1, 1], where the colour transforms' ranges were set.
/// </summary>
public static class DiffAugment
{
    /// <summary>
    /// The transforms of <paramref name="options"/>' policy, each applied to each image with
    /// probability <paramref name="probability"/>, with parameters drawn from <paramref name="random"/>
    /// (the session's stream). Probability 0 (or an empty policy) returns <paramref name="images"/>
    /// itself and draws nothing. Not [Pure]: it draws random numbers.
    /// </summary>
    public static Tensor Apply(Tensor images, double probability, Generator? random = null, DiffAugmentOptions? options = null)
    {
        var o = options ?? new DiffAugmentOptions();
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The augmentation probability must be in [0, 1].");
        if (images.dim() != 4) throw new ArgumentException($"DiffAugment takes images [N, C, H, W], got [{string.Join(", ", images.shape)}].", nameof(images));
        if (probability == 0 || o.Policy == AugmentationPolicy.None) return images;
        using var scope = NewDisposeScope();
        var draw = Draw(images.size(0), images.size(2), images.size(3), probability, o, images.device, random);
        return Apply(images, draw).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Draws the parameters for <paramref name="count"/> images of <paramref name="height"/>×<paramref name="width"/>,
    /// in a fixed order (brightness, saturation, contrast, translation, cutout), so a seeded stream
    /// gives the same draw again. With <see cref="DiffAugmentOptions.SameForWholeBatch"/> one draw is
    /// repeated for every image.
    /// </summary>
    public static AugmentationDraw Draw(long count, long height, long width, double probability, DiffAugmentOptions options, Device device, Generator? random = null)
    {
        var n = options.SameForWholeBatch ? 1 : count;
        Tensor Uniform() => rand(n, dtype: ScalarType.Float32, device: device, generator: random);
        // Each transform of each image happens with probability p: one Bernoulli draw per transform and image.
        Tensor Happens() => Uniform() < probability;
        Tensor Integer(long low, long high) => (Uniform() * (high - low + 1)).floor().clamp_max(high - low).add(low).to_type(ScalarType.Int64);

        Tensor brightness = zeros(n, device: device), saturation = ones(n, device: device), contrast = ones(n, device: device);
        if (options.Policy.HasFlag(AugmentationPolicy.Color))
        {
            brightness = where(Happens(), Uniform() - 0.5, brightness);
            saturation = where(Happens(), Uniform() * 2, saturation);
            contrast = where(Happens(), Uniform() + 0.5, contrast);
        }
        Tensor rows = zeros(n, ScalarType.Int64, device), columns = zeros(n, ScalarType.Int64, device);
        if (options.Policy.HasFlag(AugmentationPolicy.Translation))
        {
            var (maxRows, maxColumns) = ((long)(height * options.TranslationRatio), (long)(width * options.TranslationRatio));
            var shifted = Happens();
            rows = where(shifted, Integer(-maxRows, maxRows), rows);
            columns = where(shifted, Integer(-maxColumns, maxColumns), columns);
        }
        long cutHeight = 0, cutWidth = 0;
        Tensor top = zeros(n, ScalarType.Int64, device), left = zeros(n, ScalarType.Int64, device), cut = zeros(n, ScalarType.Bool, device);
        if (options.Policy.HasFlag(AugmentationPolicy.Cutout))
        {
            (cutHeight, cutWidth) = ((long)(height * options.CutoutRatio), (long)(width * options.CutoutRatio));
            cut = Happens();
            // The square's centre anywhere in the image (DiffAugment's offsets), so it may hang over an edge.
            top = Integer(0, height - (cutHeight % 2 == 0 ? 0 : 1)) - cutHeight / 2;
            left = Integer(0, width - (cutWidth % 2 == 0 ? 0 : 1)) - cutWidth / 2;
        }
        if (options.SameForWholeBatch)
            (brightness, saturation, contrast, rows, columns, top, left, cut) = (
                brightness.expand(count), saturation.expand(count), contrast.expand(count), rows.expand(count),
                columns.expand(count), top.expand(count), left.expand(count), cut.expand(count));
        return new AugmentationDraw(brightness, saturation, contrast, rows, columns, top, left, cut, cutHeight, cutWidth);
    }

    /// <summary>The transforms of <paramref name="draw"/> on <paramref name="images"/>: colour, then translation, then cutout.</summary>
    [Pure]
    public static Tensor Apply(Tensor images, AugmentationDraw draw) =>
        Cutout(Translate(Contrast(Saturation(Brightness(images, draw.Brightness), draw.Saturation), draw.Contrast), draw.ShiftRows, draw.ShiftColumns),
            draw.CutoutTop, draw.CutoutLeft, draw.CutoutHeight, draw.CutoutWidth, draw.CutoutApplied);

    /// <summary>x + shift per image (DiffAugment's rand_brightness: shifts uniform in [−0.5, 0.5)).</summary>
    [Pure]
    public static Tensor Brightness(Tensor images, Tensor shift) => images + PerImage(shift, images);

    /// <summary>Each pixel's distance from its channel mean scaled per image (rand_color: factors in [0, 2)); a no-op on one channel.</summary>
    [Pure]
    public static Tensor Saturation(Tensor images, Tensor factor)
    {
        var mean = images.mean([1], keepdim: true);
        return (images - mean) * PerImage(factor, images) + mean;
    }

    /// <summary>Each pixel's distance from the image's mean scaled per image (rand_contrast: factors in [0.5, 1.5)).</summary>
    [Pure]
    public static Tensor Contrast(Tensor images, Tensor factor)
    {
        var mean = images.mean([1, 2, 3], keepdim: true);
        return (images - mean) * PerImage(factor, images) + mean;
    }

    /// <summary>
    /// Image i moved by (rows[i], columns[i]) pixels: output (r, c) is input (r − rows[i], c − columns[i]),
    /// zero where that falls outside (rand_translation). A gather, so the gradient reaches every input pixel that is shown.
    /// </summary>
    [Pure]
    public static Tensor Translate(Tensor images, Tensor rows, Tensor columns)
    {
        var (n, c, h, w) = (images.size(0), images.size(1), images.size(2), images.size(3));
        var device = images.device;
        var sourceRows = arange(h, ScalarType.Int64, device).unsqueeze(0) - rows.to(device).view(n, 1);        // [N, H]
        var sourceColumns = arange(w, ScalarType.Int64, device).unsqueeze(0) - columns.to(device).view(n, 1);   // [N, W]
        var rowInside = (sourceRows >= 0).logical_and(sourceRows < h);
        var columnInside = (sourceColumns >= 0).logical_and(sourceColumns < w);
        var byRow = images.gather(2, sourceRows.clamp(0, h - 1).view(n, 1, h, 1).expand(n, c, h, w));
        var moved = byRow.gather(3, sourceColumns.clamp(0, w - 1).view(n, 1, 1, w).expand(n, c, h, w));
        var inside = rowInside.view(n, 1, h, 1).logical_and(columnInside.view(n, 1, 1, w));
        return moved * inside.to_type(images.dtype);
    }

    /// <summary>
    /// Zeroes, in each image where <paramref name="applied"/>, the <paramref name="height"/>×<paramref name="width"/>
    /// square whose first row and column are top[i], left[i] (clipped to the image; rand_cutout): a
    /// multiplication by a 0/1 mask, so the gradient outside the square is untouched.
    /// </summary>
    [Pure]
    public static Tensor Cutout(Tensor images, Tensor top, Tensor left, long height, long width, Tensor applied)
    {
        if (height == 0 || width == 0) return images;
        var (n, h, w) = (images.size(0), images.size(2), images.size(3));
        var device = images.device;
        var r = arange(h, ScalarType.Int64, device).unsqueeze(0);
        var c = arange(w, ScalarType.Int64, device).unsqueeze(0);
        var first = top.to(device).view(n, 1);
        var firstColumn = left.to(device).view(n, 1);
        var rowIn = (r >= first).logical_and(r < first + height);
        var columnIn = (c >= firstColumn).logical_and(c < firstColumn + width);
        var square = rowIn.view(n, 1, h, 1).logical_and(columnIn.view(n, 1, 1, w)).logical_and(applied.to(device).view(n, 1, 1, 1));
        return images * square.logical_not().to_type(images.dtype);
    }

    static Tensor PerImage(Tensor values, Tensor images) => values.to(images.dtype).to(images.device).view(images.size(0), 1, 1, 1);
}
