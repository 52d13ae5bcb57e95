using Functional.Data.Fonts;
using Functional.Tests.Support;
using SkiaSharp;
using Xunit;
using static Functional.Tests.Support.Fins;

namespace Functional.Tests.Data.Fonts;

public sealed class FontFilesTests
{
    [Fact]
    public void GB2312_level_one_is_3755_distinct_ideographs_in_code_order()
    {
        var characters = Gb2312.LevelOne;
        Assert.Equal(3755, characters.Count);
        Assert.Equal(characters.Count, characters.Distinct().Count());
        Assert.All(characters, c => Assert.InRange(c, 0x4E00, 0x9FFF));
        Assert.Equal("啊", GlyphTable.Text(characters[0]));
        Assert.Equal("座", GlyphTable.Text(characters[^1]));
    }

    [Fact]
    public void A_collection_header_says_how_many_faces_it_holds()
    {
        using var folder = new TempFolder();
        var header = new byte[] { (byte)'t', (byte)'t', (byte)'c', (byte)'f', 0, 1, 0, 0, 0, 0, 0, 3 };
        Assert.Equal(3, Success(FontFiles.FaceCount(folder.Write("three.ttc", header))));
        Assert.Equal(1, Success(FontFiles.FaceCount(folder.Write("one.ttf", [1, 2, 3]))));
        Failure(FontFiles.FaceCount(folder.Write("fake.ttc", "not a collection"u8.ToArray())), "fake.ttc", "not a font collection");
    }

    [Fact]
    public void A_file_that_is_no_font_is_one_error_naming_it()
    {
        using var folder = new TempFolder();
        var broken = folder.Write("fonts/Broken.ttf", "this is no font"u8.ToArray());
        Failure(new FontFace(broken, 0, "Broken", "Broken").Load(), broken, "not a font SkiaSharp can read");
        Failure(FontFiles.Faces(folder["fonts"]), broken, "not a font SkiaSharp can read");
        Failure(FolderSplit.Of(folder["fonts"]), broken);
        Failure(new FontFace(folder["fonts/absent.ttf"], 0, "Absent", "Absent").Load(), "font file not found", "absent.ttf");
        Failure(FontFiles.Faces(folder["nowhere"]), "font folder not found");
        Directory.CreateDirectory(folder["empty"]);
        Failure(FontFiles.Faces(folder["empty"]), "no font files", ".ttc");
    }

    [Fact]
    public void Missing_built_in_fonts_name_every_package_to_install_and_the_alternative()
    {
        var message = Failure(BuiltInCjkFonts.Split(file => !file.Contains("hanazono") && !file.Contains("kiloji")),
            "fonts-hanazono", "fonts-kiloji", "apt-get install", "--data DIR");
        foreach (var package in BuiltInCjkFonts.Packages) Assert.Contains(package, message);
        Assert.Contains("2 of 18 Debian packages", message);
    }

    [SkippableFact]
    public void Collections_are_read_face_by_face()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        const string zenHei = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
        var faces = Success(FontFiles.Faces(Path.GetDirectoryName(zenHei)!)).Where(f => f.File == zenHei).ToArray();
        Assert.Equal(Success(FontFiles.FaceCount(zenHei)), faces.Length);
        Assert.True(faces.Length >= 2, "wqy-zenhei.ttc holds Zen Hei and its Mono and Sharp faces");
        Assert.Equal(Enumerable.Range(0, faces.Length), faces.Select(f => f.Index));
        Failure(new FontFace(zenHei, faces.Length, "past the end", "x").Load(), "not a font SkiaSharp can read", $"face {faces.Length}");
    }

    [SkippableFact]
    public void A_face_that_lists_a_glyph_but_draws_nothing_has_no_ink()
    {
        // setofont-ex's character map lists 2,643 GB2312 characters, and it draws none of them.
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        using var blank = SKTypeface.FromFile("/usr/share/fonts/truetype/seto/setofont-ex.ttf");
        using var seto = SKTypeface.FromFile("/usr/share/fonts/truetype/seto/setofont.ttf");
        using var renderer = new GlyphRenderer(32);
        var pixels = new byte[32 * 32];
        var ah = char.ConvertToUtf32("啊", 0);
        Assert.True(GlyphRenderer.Covers(blank, ah));
        renderer.Render(blank, ah, pixels);
        Assert.False(GlyphRenderer.HasInk(pixels));
        renderer.Render(seto, ah, pixels);
        Assert.True(GlyphRenderer.HasInk(pixels));
        // The thinnest glyph still has several times the least ink.
        renderer.Render(seto, char.ConvertToUtf32("一", 0), pixels);
        Assert.True(GlyphRenderer.InkShare(pixels) > 4 * GlyphRenderer.MinInkShare);
    }

    [SkippableFact]
    public void A_glyph_is_centred_inside_the_image_and_rendered_the_same_every_time()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        using var face = Success(BuiltInCjkFonts.Entries[0].Face.Load());
        using var renderer = new GlyphRenderer(32);
        var (first, second) = (new byte[1024], new byte[1024]);
        var character = char.ConvertToUtf32("国", 0);
        renderer.Render(face, character, first);
        renderer.Render(face, character, second);
        Assert.Equal(first, second);
        // Ink's centre of mass near the middle; no ink on the border rows and columns.
        double sum = 0, x = 0, y = 0;
        for (var i = 0; i < 1024; i++) { sum += first[i]; x += first[i] * (i % 32); y += first[i] * (i / 32); }
        Assert.InRange(x / sum, 13.5, 17.5);
        Assert.InRange(y / sum, 13.5, 17.5);
        Assert.All(Enumerable.Range(0, 32), k => Assert.True(first[k] < GlyphRenderer.InkLevel && first[31 * 32 + k] < GlyphRenderer.InkLevel));
    }
}

public sealed class CiFontPackagesTests
{
    [Fact]
    public void Ci_installs_every_package_of_the_built_in_split()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Functional.sln"))) root = root.Parent;
        Assert.NotNull(root);
        var ci = File.ReadAllText(Path.Combine(root!.FullName, ".ci", "run"));
        Assert.All(BuiltInCjkFonts.Packages, package => Assert.Matches($@"\s{System.Text.RegularExpressions.Regex.Escape(package)}(\s|\\)", ci));
    }
}
