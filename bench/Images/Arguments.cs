using System.Globalization;

namespace Functional.Bench.Images;

/// <summary>The command line: a command, then --key value options.</summary>
internal sealed record Arguments(string Command, IReadOnlyDictionary<string, string> Options)
{
    public static Arguments Parse(string[] args)
    {
        var options = new Dictionary<string, string>();
        string? command = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--")) { command ??= args[i]; continue; }
            var key = args[i][2..];
            options[key] = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"--{key} needs a value");
        }
        return new(command ?? "", options);
    }

    public string Text(string key, string fallback) => Options.GetValueOrDefault(key, fallback);

    public long Number(string key, long fallback) =>
        Options.TryGetValue(key, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>"0-9" or "0,3,5".</summary>
    public long[] Seeds(string fallback) => Functional.Training.SeedList.ParseOrThrow(Text("seeds", fallback));

    /// <summary>"i/n": this process runs shard i of n.</summary>
    public Functional.Training.AblationShard Shard() =>
        Text("shard", "0/1").Split('/') is [var index, var count]
            ? new(int.Parse(index, CultureInfo.InvariantCulture), int.Parse(count, CultureInfo.InvariantCulture))
            : throw new ArgumentException("--shard wants i/n");
}
