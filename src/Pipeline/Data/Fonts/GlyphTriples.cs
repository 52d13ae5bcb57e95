using LanguageExt;
using LanguageExt.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Functional.Data.Fonts;

/// <summary>
/// One-shot glyph style transfer from a <see cref="GlyphTable"/>: each sample is a training font
/// f, a training character c and another training character c′ ≠ c, drawn uniformly; its source is
/// the content font's c and f's c′ stacked as two channels ([B, 2, S, S]), its target (Real) is f's
/// c, its label c and its style label f. Images are in [−1, 1], ink high. The draws come from a
/// SplitMix64 stream seeded with <see cref="DataOptions.Seed"/>, whose state checkpoints keep.
/// <see cref="HeldOut(int)"/> gives pairs of the test fonts and test characters, never trained on.
/// </summary>
public sealed class GlyphTriples : IBatchSource, IHeldOutPairs
{
    readonly DataOptions options;
    readonly Tensor glyphs;   // uint8 [faces × characters, 1, S, S] on the batch device
    ulong state;

    GlyphTriples(GlyphTable table, DataOptions options)
    {
        Table = table;
        this.options = options;
        using (NewDisposeScope())
            glyphs = tensor(table.Pixels.ToArray(), [(long)table.Faces.Count * table.Characters.Count, 1, table.Size, table.Size])
                .to(options.Device).DetachFromDisposeScope();
        state = unchecked((ulong)options.Seed);
        HeldOutSet = HeldOutPairs.Of(table);
    }

    public GlyphTable Table { get; }

    /// <summary>Every test font × test character, each with a fixed style reference: what the metrics judge.</summary>
    public HeldOutPairs HeldOutSet { get; }

    public IReadOnlyList<long> SampleShape => [1, Table.Size, Table.Size];

    /// <summary>The training characters: the character head's classes.</summary>
    public int Classes => Table.TrainingCharacters.Count;

    /// <summary>The training fonts: the font head's classes.</summary>
    public int StyleClasses => Table.Split.Training.Count;

    /// <summary>
    /// The triples of <paramref name="table"/> in batches of <see cref="DataOptions.BatchSize"/>; a
    /// non-positive batch size is an error.
    /// </summary>
    public static Fin<GlyphTriples> Open(GlyphTable table, DataOptions options) =>
        options.BatchSize < 1 ? Error.New($"batch size {options.BatchSize} must be at least 1") : new GlyphTriples(table, options);

    /// <summary>The built-in Debian fonts' split (<see cref="BuiltInCjkFonts"/>), or with <see cref="DataOptions.Path"/> a folder's (<see cref="FolderSplit"/>).</summary>
    public static Fin<FontSplit> SplitFor(DataOptions options) =>
        options.Path is { } folder ? FolderSplit.Of(folder) : BuiltInCjkFonts.Split();

    public Batch Next()
    {
        var n = options.BatchSize;
        var (target, content, style) = (new long[n], new long[n], new long[n]);
        var (labels, styleLabels) = (new long[n], new long[n]);
        var characters = Table.TrainingCharacters.Count;
        for (var i = 0; i < n; i++)
        {
            var font = Draw(StyleClasses);
            var character = Draw(characters);
            var reference = Draw(characters - 1);
            if (reference >= character) reference++;   // another character of the same font
            var face = Table.FirstTrainingFace + font;
            (target[i], content[i], style[i]) = (Index(face, character), Index(0, character), Index(face, reference));
            (labels[i], styleLabels[i]) = (character, font);
        }
        return Gather(target, content, style, labels, styleLabels);
    }

    /// <summary>
    /// <paramref name="count"/> pairs of <see cref="HeldOutSet"/>, spread over the test fonts (font
    /// 0's first character, font 1's first, …, then each font's second), the same every time.
    /// </summary>
    public Batch HeldOut(int count)
    {
        var pairs = HeldOutSet;
        var chosen = Enumerable.Range(0, Math.Min(count, pairs.Count))
            .Select(k => (k % pairs.Fonts) * pairs.CharactersPerFont + (k / pairs.Fonts) % pairs.CharactersPerFont)
            .ToArray();
        return Pairs(chosen);
    }

    /// <summary>The held-out pairs of <paramref name="indices"/> (into <see cref="HeldOutSet"/>) as one batch; its labels are the test font and character indices.</summary>
    public Batch Pairs(IReadOnlyList<int> indices)
    {
        var pairs = HeldOutSet;
        return Gather(
            indices.Select(i => Index(pairs.Face[i], pairs.Character[i])).ToArray(),
            indices.Select(i => Index(0, pairs.Character[i])).ToArray(),
            indices.Select(i => Index(pairs.Face[i], pairs.Reference[i])).ToArray(),
            indices.Select(i => (long)(pairs.Character[i] - Table.FirstTestCharacter)).ToArray(),
            indices.Select(i => (long)(pairs.Face[i] - Table.FirstTestFace)).ToArray());
    }

    /// <summary>Glyphs of the table by (face, character) indices, as float images on the batch device in [−1, 1].</summary>
    public Tensor Glyphs(IReadOnlyList<(int Face, int Character)> which)
    {
        using var scope = NewDisposeScope();
        var index = tensor(which.Select(w => Index(w.Face, w.Character)).ToArray()).to(options.Device);
        return Images(index).MoveToOuterDisposeScope();
    }

    long Index(int face, int character) => (long)face * Table.Characters.Count + character;

    Batch Gather(long[] target, long[] content, long[] style, long[] labels, long[] styleLabels)
    {
        var device = options.Device;
        var real = Images(tensor(target).to(device));
        var source = cat([Images(tensor(content).to(device)), Images(tensor(style).to(device))], 1);
        return new Batch(real, tensor(labels).to(device), source, tensor(styleLabels).to(device));
    }

    Tensor Images(Tensor index) => glyphs.index_select(0, index).to_type(float32).div_(127.5).sub_(1);

    /// <summary>A uniform integer in [0, n) from the SplitMix64 stream.</summary>
    int Draw(int n)
    {
        state += 0x9E37_79B9_7F4A_7C15;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        z ^= z >> 31;
        return (int)((z >> 11) * (1.0 / (1UL << 53)) * n);
    }

    public byte[] GetState() => BitConverter.GetBytes(state);

    public void SetState(byte[] saved)
    {
        if (saved.Length != sizeof(ulong)) throw new ArgumentException($"a glyph-triple state is {sizeof(ulong)} bytes, got {saved.Length}");
        state = BitConverter.ToUInt64(saved);
    }

    public void Dispose() => glyphs.Dispose();
}

/// <summary>
/// The held-out pairs of a table: every test font × test character (font-major), each with a
/// style reference, a training character of the same font drawn with a fixed seed, so that the
/// reference never shows a test character. Indices are on the table's axes.
/// </summary>
public sealed record HeldOutPairs(int Fonts, int CharactersPerFont, IReadOnlyList<int> Face, IReadOnlyList<int> Character, IReadOnlyList<int> Reference)
{
    public const int ReferenceSeed = 2018;

    public int Count => Face.Count;

    public static HeldOutPairs Of(GlyphTable table)
    {
        var random = new Random(ReferenceSeed);
        var (faces, characters, references) = (new List<int>(), new List<int>(), new List<int>());
        for (var f = 0; f < table.Split.Test.Count; f++)
        for (var c = 0; c < table.TestCharacters.Count; c++)
        {
            faces.Add(table.FirstTestFace + f);
            characters.Add(table.FirstTestCharacter + c);
            references.Add(random.Next(table.TrainingCharacters.Count));
        }
        return new HeldOutPairs(table.Split.Test.Count, table.TestCharacters.Count, faces, characters, references);
    }
}
