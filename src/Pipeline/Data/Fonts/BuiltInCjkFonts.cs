using LanguageExt;
using LanguageExt.Common;

namespace Functional.Data.Fonts;

/// <summary>
/// The CJK faces that Debian 12 packages, as glyphs-wnet splits them (docs/data.md): WenQuanYi
/// Micro Hei as the content font, 13 training fonts and 5 test fonts of other designs. Clusters
/// follow the survey of near-copies (UKai ≈ cwTeX Kai ≈ gkai00mp, UMing ≈ gbsn00lp, IPA ≈ IPAex,
/// Micro Hei ≈ Droid Sans Fallback) and the pixel distances of docs/data.md; no test font's
/// cluster trains, and every test font is at least 0.12 from every training font.
/// </summary>
public static class BuiltInCjkFonts
{
    /// <summary>One packaged face and the side of the split it is on.</summary>
    public sealed record Entry(string Package, string File, int Index, string Name, string Cluster, Side Side)
    {
        public FontFace Face => new(File, Index, Name, Cluster);
    }

    public enum Side
    {
        Content,
        Training,
        Test,
    }

    const string Truetype = "/usr/share/fonts/truetype", Opentype = "/usr/share/fonts/opentype";

    // cwTeX Yen is HeiBold's skeleton with rounded ends: 0.096 apart, the closest pair of distinct
    // files after kiloji's variants, so the two train together.
    const string CwTexHei = "cwTeX Hei (HeiBold and its rounded Yen)";

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("fonts-wqy-microhei", $"{Truetype}/wqy/wqy-microhei.ttc", 0, "WenQuanYi Micro Hei", "Micro Hei / Droid Sans Fallback", Side.Content),

        new("fonts-wqy-zenhei", $"{Truetype}/wqy/wqy-zenhei.ttc", 0, "WenQuanYi Zen Hei", "Zen Hei", Side.Training),
        new("fonts-arphic-uming", $"{Truetype}/arphic/uming.ttc", 0, "AR PL UMing", "AR PL Ming (UMing, gbsn00lp, bsmi00lp)", Side.Training),
        new("fonts-cwtex-heib", $"{Truetype}/cwtex/cwheib.ttf", 0, "cwTeX HeiBold", CwTexHei, Side.Training),
        new("fonts-cwtex-yen", $"{Truetype}/cwtex/cwyen.ttf", 0, "cwTeX Yen", CwTexHei, Side.Training),
        new("fonts-cwtex-fs", $"{Truetype}/cwtex/cwfs.ttf", 0, "cwTeX FangSong", "cwTeX FangSong", Side.Training),
        new("fonts-cwtex-ming", $"{Truetype}/cwtex/cwming.ttf", 0, "cwTeX Ming", "cwTeX Ming", Side.Training),
        new("fonts-ipafont-gothic", $"{Opentype}/ipafont-gothic/ipag.ttf", 0, "IPAGothic", "IPA Gothic (IPAexGothic)", Side.Training),
        new("fonts-ipafont-mincho", $"{Opentype}/ipafont-mincho/ipam.ttf", 0, "IPAMincho", "IPA Mincho (IPAexMincho)", Side.Training),
        new("fonts-morisawa-bizud-gothic", $"{Truetype}/bizud-gothic/BIZUDGothic-Bold.ttf", 0, "BIZ UDGothic Bold", "BIZ UDGothic", Side.Training),
        new("fonts-kiloji", $"{Truetype}/kiloji/kiloji.ttf", 0, "kiloji", "kiloji", Side.Training),
        new("fonts-kiloji", $"{Truetype}/kiloji/kiloji_b.ttf", 0, "kiloji B", "kiloji", Side.Training),
        new("fonts-oradano-mincho-gsrr", $"{Truetype}/oradano-mincho/OradanoGSRR.ttf", 0, "Oradano Mincho GSRR", "Oradano Mincho", Side.Training),
        new("fonts-vlgothic", $"{Truetype}/vlgothic/VL-Gothic-Regular.ttf", 0, "VL Gothic", "VL Gothic", Side.Training),

        new("fonts-arphic-ukai", $"{Truetype}/arphic/ukai.ttc", 0, "AR PL UKai", "AR PL Kai (UKai, cwTeX Kai, gkai00mp, bkai00mp)", Side.Test),
        new("fonts-smiley-sans", $"{Truetype}/smiley-sans/SmileySans-Oblique.ttf", 0, "Smiley Sans Oblique", "Smiley Sans", Side.Test),
        new("fonts-seto", $"{Truetype}/seto/setofont.ttf", 0, "Seto", "Seto", Side.Test),
        new("fonts-dejima-mincho", $"{Truetype}/dejima-mincho/dejima-mincho-r227.ttf", 0, "Dejima Mincho", "Dejima Mincho", Side.Test),
        new("fonts-hanazono", $"{Truetype}/hanazono/HanaMinA.ttf", 0, "HanaMinA", "Hanazono Mincho", Side.Test),
    ];

    /// <summary>The Debian packages the built-in split needs, each once.</summary>
    public static IReadOnlyList<string> Packages { get; } = Entries.Select(e => e.Package).Distinct().ToArray();

    /// <summary>The packages of the built-in faces whose files are missing on this machine (empty when all are there).</summary>
    public static IReadOnlyList<string> MissingPackages() => MissingPackages(File.Exists);

    internal static IReadOnlyList<string> MissingPackages(Func<string, bool> exists) =>
        Entries.Where(e => !exists(e.File)).Select(e => e.Package).Distinct().ToArray();

    /// <summary>
    /// The built-in split, or, when some of its files are missing, an error that names the
    /// packages to install (all of them, for a copy-paste apt-get line) and the alternative.
    /// </summary>
    public static Fin<FontSplit> Split() => Split(File.Exists);

    internal static Fin<FontSplit> Split(Func<string, bool> exists)
    {
        var missing = MissingPackages(exists);
        if (missing.Count > 0)
            return Error.New($"the built-in CJK fonts are missing ({missing.Count} of {Packages.Count} Debian packages: {string.Join(", ", missing)}); "
                + $"install them with: apt-get install {string.Join(" ", Packages)}; or give a folder of .ttf/.otf/.ttc fonts with --data DIR");
        return new FontSplit(
            Entries.Single(e => e.Side == Side.Content).Face,
            Entries.Where(e => e.Side == Side.Training).Select(e => e.Face).ToArray(),
            Entries.Where(e => e.Side == Side.Test).Select(e => e.Face).ToArray()).Checked();
    }
}
