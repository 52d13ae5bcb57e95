using Functional.Data.Fonts;
using Functional.Tests.Support;
using SkiaSharp;
using Xunit;
using static Functional.Tests.Support.Fins;

namespace Functional.Tests.Data.Fonts;

public sealed class FontSplitTests
{
    static FontFace Face(string name, string cluster) => new($"/fonts/{name}.ttf", 0, name, cluster);

    [Fact]
    public void A_cluster_on_both_sides_is_refused_with_both_fonts_named()
    {
        var split = new FontSplit(Face("Content", "c"), [Face("UMing", "ming"), Face("ZenHei", "hei")], [Face("gbsn00lp", "ming")]);
        Failure(split.Checked(), "UMing", "gbsn00lp", "one design", "ming");
    }

    [Fact]
    public void The_content_fonts_design_is_no_test_font_and_no_face_is_used_twice()
    {
        Failure(new FontSplit(Face("MicroHei", "hei"), [Face("A", "a"), Face("B", "b")], [Face("DroidFallback", "hei")]).Checked(), "DroidFallback", "content font");
        Failure(new FontSplit(Face("C", "c"), [Face("A", "a"), Face("A", "a")], [Face("T", "t")]).Checked(), "used 2 times");
        Failure(new FontSplit(Face("C", "c"), [Face("A", "a")], []).Checked(), "1 training font", "no test fonts");
        Success(new FontSplit(Face("C", "c"), [Face("A", "a"), Face("B", "b")], [Face("T", "t")]).Checked());
    }

    [SkippableFact]
    public void The_built_in_split_keeps_every_test_font_apart_from_every_training_font()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        var split = Success(BuiltInCjkFonts.Split());
        Assert.Equal(BuiltInCjkFonts.Entries.Count, split.Faces.Count);
        Assert.Empty(split.Training.Select(f => f.Cluster).Intersect(split.Test.Select(f => f.Cluster)));
        var training = split.Training.Select(f => Success(f.Load())).ToArray();
        var test = split.Test.Select(f => Success(f.Load())).ToArray();
        try
        {
            // Near-copies differ by 0.00–0.05; the closest pair across the split (cwTeX FangSong, UKai) by 0.12.
            foreach (var t in test)
            foreach (var r in training)
                Assert.True(NearDuplicates.MeanDifference(t, r) > 2 * NearDuplicates.Threshold, $"{t.FamilyName} is within {2 * NearDuplicates.Threshold} of {r.FamilyName}");
        }
        finally
        {
            foreach (var face in training.Concat(test)) face.Dispose();
        }
    }

    [SkippableFact]
    public void A_plain_folder_is_split_by_design_with_copies_kept_on_one_side()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        using var folder = new TempFolder();
        // Micro Hei lists all 3,755 GB2312 level-1 characters, the others 2,552–2,669: it is the content font.
        var sources = new[] { "wqy/wqy-microhei.ttc", "cwtex/cwfs.ttf", "cwtex/cwming.ttf", "kiloji/kiloji.ttf", "vlgothic/VL-Gothic-Regular.ttf" };
        foreach (var source in sources) File.Copy($"/usr/share/fonts/truetype/{source}", folder[Path.GetFileName(source)]);
        // A copy of one design under another name, another family name and all: the pixels make it one cluster.
        File.Copy("/usr/share/fonts/truetype/kiloji/kiloji.ttf", folder["renamed-copy.ttf"]);

        var split = Success(FolderSplit.Of(folder.Path));

        Assert.EndsWith("wqy-microhei.ttc", split.Content.File);
        Assert.Equal(0, split.Content.Index);
        // Its Mono face draws the same ideographs: the content font's design, on neither side.
        Assert.True(!split.Training.Concat(split.Test).Any(f => f.File == split.Content.File), split.ToString() + string.Join("; ", split.Faces.Select(f => f.Cluster)));
        var kiloji = split.Faces.Where(f => f.File.EndsWith("kiloji.ttf") || f.File.EndsWith("renamed-copy.ttf")).ToArray();
        Assert.Equal(2, kiloji.Length);
        Assert.Single(kiloji.Select(f => f.Cluster).Distinct());
        Assert.True(kiloji.All(split.Training.Contains) || kiloji.All(split.Test.Contains));
        Assert.NotEmpty(split.Test);
        Assert.True(split.Training.Count >= 2);
        Assert.Empty(split.Training.Select(f => f.Cluster).Intersect(split.Test.Select(f => f.Cluster)));
    }

    [SkippableFact]
    public void A_folder_with_content_train_and_test_subfolders_is_split_as_given()
    {
        Skip.IfNot(CjkFonts.Installed, CjkFonts.Missing);
        using var folder = new TempFolder();
        void Put(string side, string source) => File.Copy(source, Path.Combine(Directory.CreateDirectory(folder[side]).FullName, Path.GetFileName(source)));
        Put("content", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
        Put("train", "/usr/share/fonts/truetype/cwtex/cwfs.ttf");
        Put("train", "/usr/share/fonts/truetype/cwtex/cwming.ttf");
        Put("test", "/usr/share/fonts/truetype/seto/setofont.ttf");
        Failure(FolderSplit.Of(folder.Path), "content", "2 faces", "one font");   // the .ttc holds Micro Hei and its Mono face

        File.Delete(folder["content/wqy-microhei.ttc"]);
        Put("content", "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf");
        var split = Success(FolderSplit.Of(folder.Path));
        Assert.Equal("VL Gothic", split.Content.Cluster);
        Assert.Equal(2, split.Training.Count);
        Assert.Equal("SetoFont", Assert.Single(split.Test).Cluster);

        Put("test", "/usr/share/fonts/truetype/cwtex/cwfs.ttf");   // a training font again, on the test side
        Failure(FolderSplit.Of(folder.Path), "one design");
    }
}

public sealed class NearDuplicatesTests
{
    [Theory]
    [InlineData("WenQuanYi Micro Hei", "WenQuanYi Micro Hei Mono", true)]
    [InlineData("kiloji - B", "kiloji", true)]
    [InlineData("WenQuanYi Zen Hei", "WenQuanYi Micro Hei", false)]
    [InlineData("IPAGothic", "IPAPGothic", false)]
    [InlineData("Seto", "SetoFont", false)]
    public void Families_are_one_when_a_name_extends_the_other_by_a_word(string a, string b, bool same) =>
        Assert.Equal(same, NearDuplicates.SameFamily(a, b));
}
