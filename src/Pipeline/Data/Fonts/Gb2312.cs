using System.Text;

namespace Functional.Data.Fonts;

/// <summary>
/// The 3,755 characters of GB2312 level 1, the common Chinese characters, in code order (by
/// pinyin): rows 16–55 of the standard, each of 94 cells but the last, of 89. Decoded from their
/// code points with the GBK code page, which .NET carries.
/// </summary>
public static class Gb2312
{
    public const int LevelOneCount = 3755;

    static readonly Lazy<IReadOnlyList<int>> levelOne = new(Decode);

    /// <summary>The level-1 characters as Unicode code points, each once.</summary>
    public static IReadOnlyList<int> LevelOne => levelOne.Value;

    static IReadOnlyList<int> Decode()
    {
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding(936) ?? throw new InvalidOperationException("the GBK code page (936) is not available");
        var points = new List<int>(LevelOneCount);
        for (var row = 0xB0; row <= 0xD7; row++)
        for (var cell = 0xA1; cell <= (row == 0xD7 ? 0xF9 : 0xFE); cell++)
        {
            var text = gbk.GetString([(byte)row, (byte)cell]);
            points.Add(char.ConvertToUtf32(text, 0));
        }
        return points;
    }
}
