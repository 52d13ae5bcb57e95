using System.Collections.Concurrent;
using LanguageExt;
using LanguageExt.Common;
using SkiaSharp;

namespace Functional.Data.Fonts;

/// <summary>How many characters a glyph table draws, at what size, and the seed that picks them.</summary>
public sealed record GlyphTableOptions(int Size = 64, int TrainingCharacters = 500, int TestCharacters = 100, int CharacterSeed = 14)
{
    public Fin<GlyphTableOptions> Checked() =>
        Size < 8 ? Error.New($"glyph size {Size} is below 8")
        : TrainingCharacters < 2 ? Error.New($"{TrainingCharacters} training characters: at least 2 (a style reference is another character)")
        : TestCharacters < 1 ? Error.New($"{TestCharacters} test characters: at least 1")
        : TrainingCharacters + TestCharacters > Gb2312.LevelOneCount ? Error.New($"{TrainingCharacters} + {TestCharacters} characters: GB2312 level 1 has {Gb2312.LevelOneCount}")
        : this;
}

/// <summary>
/// Every face of a <see cref="FontSplit"/> drawn for every chosen character: the characters are
/// GB2312 level 1 in an order shuffled by <see cref="GlyphTableOptions.CharacterSeed"/>, keeping
/// those that every face lists in its character map and draws with ink (<see cref="GlyphRenderer.HasInk"/>),
/// the first ones for training and the next, disjoint ones for testing. Immutable; one table is
/// shared by everything in a process that asks for the same split and options.
/// </summary>
public sealed class GlyphTable
{
    static readonly ConcurrentDictionary<string, Lazy<Fin<GlyphTable>>> tables = new();

    readonly byte[] pixels;

    GlyphTable(FontSplit split, int size, IReadOnlyList<int> training, IReadOnlyList<int> test, byte[] pixels, IReadOnlyList<string> blank)
    {
        Split = split;
        Size = size;
        TrainingCharacters = training;
        TestCharacters = test;
        Characters = [.. training, .. test];
        this.pixels = pixels;
        Blank = blank;
    }

    public FontSplit Split { get; }
    public int Size { get; }
    public IReadOnlyList<int> TrainingCharacters { get; }
    public IReadOnlyList<int> TestCharacters { get; }

    /// <summary>The training characters, then the test characters: the table's character axis.</summary>
    public IReadOnlyList<int> Characters { get; }

    /// <summary>Glyphs a face listed but drew blank, each as "face: character", which left their character out.</summary>
    public IReadOnlyList<string> Blank { get; }

    /// <summary>The table's faces, in <see cref="FontSplit.Faces"/> order: content, training, test.</summary>
    public IReadOnlyList<FontFace> Faces => Split.Faces;

    /// <summary>The index of the first training face and of the first test face on the face axis.</summary>
    public int FirstTrainingFace => 1;

    public int FirstTestFace => 1 + Split.Training.Count;

    /// <summary>The index of the first test character on the character axis.</summary>
    public int FirstTestCharacter => TrainingCharacters.Count;

    /// <summary>The pixels of face <paramref name="face"/>'s glyph of character <paramref name="character"/> (indices on the table's axes).</summary>
    public ReadOnlySpan<byte> Glyph(int face, int character) =>
        pixels.AsSpan((face * Characters.Count + character) * Size * Size, Size * Size);

    /// <summary>All pixels, [faces, characters, size, size] row-major.</summary>
    public ReadOnlyMemory<byte> Pixels => pixels;

    public static string Text(int codepoint) => char.ConvertFromUtf32(codepoint);

    /// <summary>The table of <paramref name="split"/> at <paramref name="options"/>, drawn once per process.</summary>
    public static Fin<GlyphTable> Of(FontSplit split, GlyphTableOptions options)
    {
        var key = string.Join("|", split.Faces.Select(f => $"{f.File}#{f.Index}")) + $"|{split.Training.Count}|{options}";
        return tables.GetOrAdd(key, _ => new Lazy<Fin<GlyphTable>>(() => Draw(split, options))).Value;
    }

    static Fin<GlyphTable> Draw(FontSplit split, GlyphTableOptions options) =>
        options.Checked().Bind(o => Load(split.Faces).Bind(faces =>
        {
            try { return Draw(split, o, faces); }
            finally { foreach (var face in faces) face.Dispose(); }
        }));

    static Fin<SKTypeface[]> Load(IReadOnlyList<FontFace> faces)
    {
        var loaded = new List<SKTypeface>();
        foreach (var face in faces)
        {
            var result = face.Load();
            if (result.IsFail)
            {
                foreach (var typeface in loaded) typeface.Dispose();
                return result.Map(_ => Array.Empty<SKTypeface>());
            }
            result.IfSucc(loaded.Add);
        }
        return loaded.ToArray();
    }

    static Fin<GlyphTable> Draw(FontSplit split, GlyphTableOptions o, SKTypeface[] faces)
    {
        var wanted = o.TrainingCharacters + o.TestCharacters;
        var plane = o.Size * o.Size;
        var glyphs = new List<byte[]>(wanted);   // per character: every face's glyph
        var chosen = new List<int>(wanted);
        var blank = new List<string>();
        var uncovered = 0;
        using var renderer = new GlyphRenderer(o.Size);
        var candidate = new byte[faces.Length * plane];
        foreach (var codepoint in Shuffled(Gb2312.LevelOne, o.CharacterSeed))
        {
            if (chosen.Count == wanted) break;
            if (!faces.All(face => GlyphRenderer.Covers(face, codepoint)))
            {
                uncovered++;
                continue;
            }
            var inked = true;
            for (var f = 0; f < faces.Length; f++)
            {
                var glyph = candidate.AsSpan(f * plane, plane);
                renderer.Render(faces[f], codepoint, glyph);
                if (GlyphRenderer.HasInk(glyph)) continue;
                blank.Add($"{split.Faces[f].Name}: {Text(codepoint)} (U+{codepoint:X4})");
                inked = false;
            }
            if (!inked) continue;
            chosen.Add(codepoint);
            glyphs.Add((byte[])candidate.Clone());
        }
        if (chosen.Count < wanted)
            return Error.New($"the {faces.Length} fonts ({string.Join(", ", split.Faces.Select(f => f.Name))}) all draw only {chosen.Count} of the "
                + $"{Gb2312.LevelOneCount} GB2312 level-1 characters ({uncovered} missing from some font, {blank.Count} drawn blank); "
                + $"{o.TrainingCharacters} training and {o.TestCharacters} test characters were asked for");
        // Face-major: [face, character, pixel].
        var pixels = new byte[faces.Length * wanted * plane];
        for (var c = 0; c < wanted; c++)
        for (var f = 0; f < faces.Length; f++)
            glyphs[c].AsSpan(f * plane, plane).CopyTo(pixels.AsSpan((f * wanted + c) * plane, plane));
        return new GlyphTable(split, o.Size, chosen.Take(o.TrainingCharacters).ToArray(), chosen.Skip(o.TrainingCharacters).ToArray(), pixels, blank);
    }

    /// <summary>A Fisher–Yates shuffle by System.Random's seeded generator, which .NET keeps stable for a seed.</summary>
    static IEnumerable<int> Shuffled(IReadOnlyList<int> items, int seed)
    {
        var order = items.ToArray();
        var random = new Random(seed);
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
