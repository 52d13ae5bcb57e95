using Functional.Data.Fonts;

namespace Functional.Tests.Data.Fonts;

/// <summary>Whether the built-in CJK fonts are installed, and the skip reason that names the packages when they are not.</summary>
internal static class CjkFonts
{
    public static bool Installed => BuiltInCjkFonts.MissingPackages().Count == 0;

    public static string Missing =>
        $"needs the Debian CJK font packages {string.Join(", ", BuiltInCjkFonts.MissingPackages())} (apt-get install {string.Join(" ", BuiltInCjkFonts.Packages)}; .ci/run installs them)";

    /// <summary>A small table of the built-in split: 32 px, 40 training and 12 test characters.</summary>
    public static GlyphTable SmallTable(int size = 32, int training = 40, int test = 12) =>
        Support.Fins.Success(BuiltInCjkFonts.Split().Bind(split => GlyphTable.Of(split, new GlyphTableOptions(size, training, test))));
}
