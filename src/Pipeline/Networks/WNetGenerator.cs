using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Networks;

/// <summary>
/// W-Net's generator (Jiang et al. 2018): two encoders of one shape, one for the content glyph and
/// one for the style glyph, 5×5 stride-2 convolutions from S² down to 1²; residual blocks on the
/// content encoder's three finest skips and the style encoder's third; a decoder of transposed
/// convolutions that takes both encoders' skips at the coarse levels (8² and below at 64², S/8 in
/// general) and only the content encoder's at the fine ones; and linear classifiers on each
/// bottleneck (content → character, style → font). Input [B, 2, S, S] (content, style), output
/// [B, 1, S, S] in (−1, 1) with both codes [B, 2 × top] for the encoder losses. GroupNorm, not
/// BatchNorm, so a sample's output does not depend on its batch and evaluation equals training.
/// </summary>
public sealed class WNetGenerator : nn.Module<Tensor, (Tensor Output, Tensor Codes)>, IStyleHead
{
    const double Slope = 0.2;

    readonly ModuleList<Sequential> content, style, decoder;
    readonly ModuleList<Sequential> contentBlocks;
    readonly Sequential styleBlocks;
    readonly Linear characterClassifier, fontClassifier;
    readonly int levels;

    public WNetGenerator(int size, int width, int characters, int fonts, int residualBlocks = 1) : base(nameof(WNetGenerator))
    {
        levels = Levels(size);
        Size = size;
        Characters = characters;
        StyleClasses = fonts;
        var channels = Enumerable.Range(0, levels).Select(k => (long)width * Math.Min(1 << k, 8)).ToArray();
        Top = channels[^1];
        content = Encoder(channels);
        style = Encoder(channels);
        contentBlocks = new ModuleList<Sequential>(Enumerable.Range(0, Math.Min(3, levels)).Select(k => Residual(channels[k], residualBlocks)).ToArray());
        styleBlocks = Residual(channels[Math.Min(2, levels - 1)], residualBlocks);
        var layers = new List<Sequential>();
        for (var k = levels - 1; k >= 0; k--)
        {
            var input = channels[k] * (StyleSkip(k) ? 2 : 1) + (k < levels - 1 ? channels[k] : 0);
            layers.Add(k > 0
                ? nn.Sequential(nn.ConvTranspose2d(input, channels[k - 1], 4, 2, 1), Group(channels[k - 1]), nn.ReLU())
                : nn.Sequential(nn.ConvTranspose2d(input, 1, 4, 2, 1), nn.Tanh()));
        }
        decoder = new ModuleList<Sequential>(layers.ToArray());
        characterClassifier = nn.Linear(Top, characters);
        fontClassifier = nn.Linear(Top, fonts);
        RegisterComponents();
    }

    public int Size { get; }
    public int Characters { get; }
    public int StyleClasses { get; }

    /// <summary>Channels of each bottleneck code: a sample's codes are twice this.</summary>
    public long Top { get; }

    string IStyleHead.Remedy(int dataStyles) => $"; set fonts={dataStyles}";

    /// <summary>Encoder levels of an image side: log₂ S (64 → 6, 32 → 5).</summary>
    public static int Levels(int size) =>
        size >= 8 && (size & (size - 1)) == 0 ? (int)Math.Log2(size) : throw new ArgumentException($"W-Net takes square images of a power-of-two side of at least 8, got {size}");

    /// <summary>Whether decoder level k (k = 0 the finest) takes the style encoder's skip too: the levels at S/8 and below.</summary>
    bool StyleSkip(int k) => k >= 2;

    public override (Tensor Output, Tensor Codes) forward(Tensor source)
    {
        if (source.dim() != 4 || source.size(1) != 2 || source.size(2) != Size || source.size(3) != Size)
            throw new ArgumentException($"W-Net's generator takes [B, 2, {Size}, {Size}] (content, style), got [{string.Join(", ", source.shape)}]");
        var contentSkips = Run(content, source.narrow(1, 0, 1));
        var styleSkips = Run(style, source.narrow(1, 1, 1));
        for (var k = 0; k < contentBlocks.Count; k++) contentSkips[k] = contentBlocks[k].call(contentSkips[k]);
        var styleLevel = Math.Min(2, levels - 1);
        styleSkips[styleLevel] = styleBlocks.call(styleSkips[styleLevel]);
        Tensor? x = null;
        for (var k = levels - 1; k >= 0; k--)
        {
            var parts = new List<Tensor> { contentSkips[k] };
            if (x is not null) parts.Add(x);
            if (StyleSkip(k)) parts.Add(styleSkips[k]);
            x = decoder[levels - 1 - k].call(cat(parts, 1));
        }
        return (x!, cat([contentSkips[^1].flatten(1), styleSkips[^1].flatten(1)], 1));
    }

    /// <summary>The content encoder's bottleneck code of glyphs [B, 1, S, S]: [B, <see cref="Top"/>].</summary>
    public Tensor EncodeContent(Tensor glyphs) => Bottleneck(content, glyphs);

    /// <summary>The style encoder's bottleneck code of glyphs [B, 1, S, S].</summary>
    public Tensor EncodeStyle(Tensor glyphs) => Bottleneck(style, glyphs);

    /// <summary>The content and style codes of <see cref="forward"/>'s codes.</summary>
    public (Tensor Content, Tensor Style) SplitCodes(Tensor codes) => (codes.narrow(1, 0, Top), codes.narrow(1, Top, Top));

    /// <summary>Character logits of a content code (the content encoder's classifier).</summary>
    public Tensor ClassifyContent(Tensor contentCode) => characterClassifier.call(contentCode);

    /// <summary>Font logits of a style code (the style encoder's classifier).</summary>
    public Tensor ClassifyStyle(Tensor styleCode) => fontClassifier.call(styleCode);

    Tensor Bottleneck(ModuleList<Sequential> encoder, Tensor glyphs)
    {
        var x = glyphs;
        foreach (var layer in encoder) x = layer.call(x);
        return x.flatten(1);
    }

    static List<Tensor> Run(ModuleList<Sequential> encoder, Tensor glyphs)
    {
        var skips = new List<Tensor>();
        var x = glyphs;
        foreach (var layer in encoder) skips.Add(x = layer.call(x));
        return skips;
    }

    /// <summary>5×5 stride-2 convolutions halving the side down to 1², GroupNorm and LeakyReLU (none on the 1² code, as in the original).</summary>
    static ModuleList<Sequential> Encoder(long[] channels) =>
        new(channels.Select((c, k) => k == channels.Length - 1
                ? nn.Sequential(nn.Conv2d(k == 0 ? 1 : channels[k - 1], c, 5, 2, 2), nn.LeakyReLU(Slope))
                : nn.Sequential(nn.Conv2d(k == 0 ? 1 : channels[k - 1], c, 5, 2, 2), Group(c), nn.LeakyReLU(Slope)))
            .ToArray());

    static Sequential Residual(long channels, int blocks) =>
        nn.Sequential(Enumerable.Range(0, blocks).Select(_ => (nn.Module<Tensor, Tensor>)new ResidualBlock(channels)).ToArray());

    internal static GroupNorm Group(long channels) => Norm.Group(channels % 8 == 0 ? 8 : 1, channels);

    /// <summary>x + conv(LeakyReLU(GroupNorm(conv x))), 3×3, the channels kept.</summary>
    sealed class ResidualBlock : nn.Module<Tensor, Tensor>
    {
        readonly Sequential body;

        public ResidualBlock(long channels) : base(nameof(ResidualBlock))
        {
            body = nn.Sequential(nn.Conv2d(channels, channels, 3, 1, 1), Group(channels), nn.LeakyReLU(Slope),
                nn.Conv2d(channels, channels, 3, 1, 1), Group(channels));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => x + body.call(x);
    }
}
