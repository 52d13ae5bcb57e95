using System.Globalization;

namespace Functional.Bench.Mixtures;

/// <summary>The command line: a command, an optional benchmark name, --key value options and repeated --set K=V.</summary>
internal static class Arguments
{
    public static (string Command, string? Name, Dictionary<string, string> Options, List<string> Overrides) Parse(string[] args)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>();
        var overrides = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--")) { positional.Add(args[i]); continue; }
            var key = args[i][2..];
            var value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"--{key} needs a value");
            if (key == "set") overrides.Add(value); else options[key] = value;
        }
        return (positional.ElementAtOrDefault(0) ?? "", positional.ElementAtOrDefault(1), options, overrides);
    }

    /// <summary>"0-9" or "0,3,5".</summary>
    public static long[] Seeds(string text) => Functional.Training.SeedList.ParseOrThrow(text);
}
