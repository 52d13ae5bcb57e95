using System.Globalization;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Training;

/// <summary>Seeds as people type them for sweeps and ablations: "0,1,5", "0-4", or both ("0-2,7").</summary>
public static class SeedList
{
    /// <summary>The seeds in <paramref name="text"/>, in order; <paramref name="option"/> names where they came from in errors.</summary>
    public static Validation<Error, IReadOnlyList<long>> Parse(string text, string option = "--seeds")
    {
        var result = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Split('-') is [var from, var to]
                && long.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                && long.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && a <= b && b - a < 1000)
                for (var s = a; s <= b; s++) result.Add(s);
            else if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var one))
                result.Add(one);
            else
                return Fail<Error, IReadOnlyList<long>>(Error.New($"{option} '{text}': '{part}' is not a seed or a range (e.g. 0,1,2 or 0-4)"));
        }
        return result.Distinct().Count() == result.Count
            ? Success<Error, IReadOnlyList<long>>(result)
            : Fail<Error, IReadOnlyList<long>>(Error.New($"{option} '{text}' names a seed twice"));
    }

    /// <summary><see cref="Parse"/> for tools that stop on bad input: the error as an <see cref="ArgumentException"/>.</summary>
    public static long[] ParseOrThrow(string text, string option = "--seeds") =>
        Parse(text, option).Match(seeds => seeds.ToArray(), errors => throw new ArgumentException(string.Join("; ", errors.Select(e => e.Message))));
}
