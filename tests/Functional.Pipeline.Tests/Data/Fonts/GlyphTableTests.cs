using Functional.Data.Fonts;
using Xunit;
using static Functional.Tests.Support.Fins;

namespace Functional.Tests.Data.Fonts;

public sealed class GlyphTableTests
{
    [SkippableFact]
    public void Training_and_test_characters_are_disjoint_each_once_and_drawn_with_ink_by_every_face()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var table = CjkFonts.SmallTable();
        Assert.Equal(40, table.TrainingCharacters.Count);
        Assert.Equal(12, table.TestCharacters.Count);
        Assert.Empty(table.TrainingCharacters.Intersect(table.TestCharacters));
        Assert.Equal(table.Characters.Count, table.Characters.Distinct().Count());
        Assert.All(table.Characters, c => Assert.Contains(c, Gb2312.LevelOne));
        for (var f = 0; f < table.Faces.Count; f++)
        for (var c = 0; c < table.Characters.Count; c++)
            Assert.True(GlyphRenderer.HasInk(table.Glyph(f, c)), $"{table.Faces[f].Name} draws {GlyphTable.Text(table.Characters[c])} blank");
    }

    [SkippableFact]
    public void Characters_a_face_draws_blank_are_left_out_and_told()
    {
        // Oradano and kiloji list characters they draw blank; among the first 600 chosen at 64 px, 160 or so.
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var table = CjkFonts.SmallTable(32, 300, 100);
        Assert.NotEmpty(table.Blank);
        Assert.Contains(table.Blank, b => b.StartsWith("Oradano") || b.StartsWith("kiloji"));
        foreach (var blank in table.Blank)
        {
            var character = blank[(blank.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(' ')[0];
            Assert.DoesNotContain(character, table.Characters.Select(GlyphTable.Text));
        }
    }

    [SkippableFact]
    public void The_same_split_and_options_give_the_same_table_and_another_seed_other_characters()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var split = Success(BuiltInCjkFonts.Split());
        var once = Success(GlyphTable.Of(split, new GlyphTableOptions(16, 20, 5)));
        var again = Success(GlyphTable.Of(split with { }, new GlyphTableOptions(16, 20, 5)));
        var other = Success(GlyphTable.Of(split, new GlyphTableOptions(16, 20, 5, CharacterSeed: 15)));
        Assert.Same(once, again);
        Assert.Equal(once.Characters, again.Characters);
        Assert.NotEqual(once.Characters, other.Characters);
    }

    [SkippableFact]
    public void A_face_that_draws_nothing_leaves_no_characters_and_says_so()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var split = Success(BuiltInCjkFonts.Split());
        var blank = new FontFace("/usr/share/fonts/truetype/seto/setofont-ex.ttf", 0, "Seto Ex", "Seto Ex");
        Failure(GlyphTable.Of(split with { Test = [.. split.Test, blank] }, new GlyphTableOptions(16, 10, 5)), "only 0 of the 3755", "drawn blank");
    }

    [Fact]
    public void Options_out_of_range_are_errors()
    {
        Failure(new GlyphTableOptions(Size: 4).Checked(), "below 8");
        Failure(new GlyphTableOptions(TrainingCharacters: 1).Checked(), "at least 2");
        Failure(new GlyphTableOptions(TrainingCharacters: 3700, TestCharacters: 100).Checked(), "3755");
    }
}
