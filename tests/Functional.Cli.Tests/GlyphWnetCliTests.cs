using Functional.Cli;
using Functional.Data.Fonts;
using Functional.Examples;
using Xunit;

namespace Functional.Cli.Tests;

/// <summary>`train glyphs-wnet`: fonts it cannot use are one clear error each, and nothing is written.</summary>
public sealed class GlyphWnetCliTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("functional-wnet-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    (int Code, string Err) Train(string? data, params string[] sets)
    {
        var request = new TrainRequest("glyphs-wnet", 2, 4, 0, "cpu", null, Path.Combine(root, "runs"), 1, 0, Data: data, Sets: ["size=16", "width=4", .. sets]);
        var errors = new StringWriter();
        var code = TrainCommand.Run(request, BuiltInExperiments.All, TextWriter.Null, errors, CancellationToken.None);
        return (code, errors.ToString());
    }

    [Fact]
    public void A_folder_without_fonts_or_with_a_broken_one_is_one_error_naming_it()
    {
        var empty = Directory.CreateDirectory(Path.Combine(root, "empty")).FullName;
        var (code, err) = Train(empty);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"error: data: glyphs-wnet: {empty}: no font files (.ttf, .otf, .ttc, .otc)", err.Trim());

        var broken = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "broken")).FullName, "Broken.ttf");
        File.WriteAllText(broken, "not a font");
        (code, err) = Train(Path.GetDirectoryName(broken));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"error: data: glyphs-wnet: {broken}: not a font SkiaSharp can read", err.Trim());
        Assert.False(Directory.Exists(Path.Combine(root, "runs")));
    }

    [SkippableFact]
    public void Another_number_of_training_fonts_than_the_font_heads_says_what_to_set()
    {
        Skip.IfNot(BuiltInCjkFonts.MissingPackages().Count == 0, $"needs the Debian CJK font packages {string.Join(", ", BuiltInCjkFonts.MissingPackages())}");
        void Put(string side, string file) => File.Copy(file, Path.Combine(Directory.CreateDirectory(Path.Combine(root, "fonts", side)).FullName, Path.GetFileName(file)));
        Put("content", "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf");
        Put("train", "/usr/share/fonts/truetype/cwtex/cwfs.ttf");
        Put("train", "/usr/share/fonts/truetype/cwtex/cwming.ttf");
        Put("test", "/usr/share/fonts/truetype/seto/setofont.ttf");
        var (code, err) = Train(Path.Combine(root, "fonts"), "classifier_steps=1");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("the data has 2 styles to train on, and glyphs-wnet's generator tells 13 apart; set fonts=2", err);
        Assert.False(Directory.Exists(Path.Combine(root, "runs")));
    }
}
