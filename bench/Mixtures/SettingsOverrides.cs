using System.Globalization;

namespace Functional.Bench.Mixtures;

/// <summary>A copy of a positional record with some of its values replaced, from "Name=Value" text.</summary>
public static class SettingsOverrides
{
    public static T Apply<T>(T settings, IReadOnlyList<string> assignments) where T : notnull
    {
        var values = assignments.Select(Split).ToDictionary(a => a.Name, a => a.Value, StringComparer.OrdinalIgnoreCase);
        var constructor = typeof(T).GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = constructor.GetParameters();
        var unknown = values.Keys.Where(name => parameters.All(p => !string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"unknown setting(s) {string.Join(", ", unknown)}; {typeof(T).Name} has {string.Join(", ", parameters.Select(p => p.Name))}");
        var arguments = parameters.Select(p => values.TryGetValue(p.Name!, out var text)
            ? Convert.ChangeType(text, p.ParameterType, CultureInfo.InvariantCulture)
            : typeof(T).GetProperty(p.Name!)!.GetValue(settings)).ToArray();
        return (T)constructor.Invoke(arguments);
    }

    static (string Name, string Value) Split(string assignment) =>
        assignment.Split('=', 2) is [var name, var value]
            ? (name.Trim(), value.Trim())
            : throw new ArgumentException($"'{assignment}' is not Name=Value");
}
