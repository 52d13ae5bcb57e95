using Functional.Data;
using Functional.Data.Fonts;
using Xunit;
using static Functional.Tests.Support.Fins;
using static TorchSharp.torch;

namespace Functional.Tests.Data.Fonts;

public sealed class GlyphTriplesTests
{
    [SkippableFact]
    public void A_batch_is_content_and_style_glyphs_with_the_target_and_both_labels()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var table = CjkFonts.SmallTable();
        using var data = Success(GlyphTriples.Open(table, new DataOptions(64, 3, CPU)));
        using var scope = NewDisposeScope();
        var batch = data.Next();

        Assert.Equal([64L, 1, 32, 32], batch.Real.shape);
        Assert.Equal([64L, 2, 32, 32], batch.Source!.shape);
        Assert.Equal(40, data.Classes);
        Assert.Equal(table.Split.Training.Count, data.StyleClasses);
        var labels = batch.Labels!.data<long>().ToArray();
        var fonts = batch.StyleLabels!.data<long>().ToArray();
        Assert.All(labels, l => Assert.InRange(l, 0, 39));
        Assert.All(fonts, f => Assert.InRange(f, 0, data.StyleClasses - 1));
        Assert.InRange(batch.Real.min().item<float>(), -1f, -0.99f);
        Assert.InRange(batch.Real.max().item<float>(), 0.99f, 1f);
        for (var i = 0; i < 64; i++)
        {
            var (character, face) = ((int)labels[i], table.FirstTrainingFace + (int)fonts[i]);
            Assert.True(Same(batch.Real[i], data.Glyphs([(face, character)])[0]), "the target is the font's glyph of the character");
            Assert.True(Same(batch.Source[i, 0].unsqueeze(0), data.Glyphs([(0, character)])[0]), "the content is the content font's glyph of the character");
            // The style reference is another character of the same font: some training glyph of that face, not the target.
            var reference = Enumerable.Range(0, 40).Where(c => Same(batch.Source[i, 1].unsqueeze(0), data.Glyphs([(face, c)])[0])).ToArray();
            Assert.Single(reference);
            Assert.NotEqual(character, reference[0]);
        }
    }

    [SkippableFact]
    public void Held_out_pairs_are_test_fonts_and_test_characters_with_training_references()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var table = CjkFonts.SmallTable();
        using var data = Success(GlyphTriples.Open(table, new DataOptions(8, 0, CPU)));
        var pairs = data.HeldOutSet;
        Assert.Equal(table.Split.Test.Count * 12, pairs.Count);
        Assert.All(pairs.Face, f => Assert.InRange(f, table.FirstTestFace, table.Faces.Count - 1));
        Assert.All(pairs.Character, c => Assert.InRange(c, table.FirstTestCharacter, table.Characters.Count - 1));
        Assert.All(pairs.Reference, r => Assert.InRange(r, 0, table.FirstTestCharacter - 1));
        Assert.Equal(pairs.Count, pairs.Face.Zip(pairs.Character).Distinct().Count());

        using var scope = NewDisposeScope();
        var first = data.HeldOut(10);
        var again = data.HeldOut(10);
        Assert.True(Same(first.Source!, again.Source!));
        Assert.Equal(Enumerable.Range(0, 10).Select(k => (long)(k % table.Split.Test.Count)), first.StyleLabels!.data<long>().ToArray());
        // No training batch ever holds a test font or a test character.
        for (var step = 0; step < 20; step++)
        {
            var batch = data.Next();
            Assert.True((batch.StyleLabels! < table.Split.Training.Count).all().item<bool>());
            Assert.True((batch.Labels! < table.TrainingCharacters.Count).all().item<bool>());
        }
    }

    [SkippableFact]
    public void The_draw_stream_resumes_from_its_state()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var table = CjkFonts.SmallTable();
        using var data = Success(GlyphTriples.Open(table, new DataOptions(16, 5, CPU)));
        using var other = Success(GlyphTriples.Open(table, new DataOptions(16, 6, CPU)));
        using var scope = NewDisposeScope();
        data.Next();
        var state = data.GetState();
        var next = data.Next();
        other.SetState(state);
        Assert.True(Same(next.Source!, other.Next().Source!));
        Assert.Throws<ArgumentException>(() => other.SetState([1, 2]));
        Failure(GlyphTriples.Open(table, new DataOptions(0, 0, CPU)), "batch size 0");
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && (a == b).all().item<bool>();
}
