using System.Text.Json;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Training;

/// <summary>
/// Where hyperparameter settings come from: <c>name=value</c> text (<c>--set</c>) and JSON objects
/// (<c>{"r1_gamma": 5, "spectral_norm": false}</c>, from a file or a run's config.json). Each
/// problem names the text or the file and key.
/// </summary>
public static class HyperparameterSettings
{
    /// <summary>Parses <c>name=value</c>; <paramref name="source"/> is how messages name where it came from.</summary>
    public static Validation<Error, HyperparameterSetting> Parse(string assignment, string source = "--set")
    {
        var at = assignment.IndexOf('=');
        if (at <= 0 || string.IsNullOrWhiteSpace(assignment[..at]))
            return Fail<Error, HyperparameterSetting>(Error.New($"{source} '{assignment}' is not name=value (e.g. {source} r1_gamma=5)"));
        return Success<Error, HyperparameterSetting>(new HyperparameterSetting(assignment[..at].Trim(), assignment[(at + 1)..], source));
    }

    /// <summary>Every <c>name=value</c>, all problems together.</summary>
    public static Validation<Error, Seq<HyperparameterSetting>> Parse(IEnumerable<string> assignments, string source = "--set") =>
        assignments.Select(a => Parse(a, source)).ToSeq().Traverse(x => x);

    /// <summary>The settings in a JSON object; <paramref name="source"/> names the file in messages.</summary>
    public static Validation<Error, Seq<HyperparameterSetting>> FromJson(JsonElement root, string source) =>
        FromJsonEntries(root, source).ToSeq().Traverse(x => x);

    /// <summary>
    /// Each entry of a JSON file whose root is an object of name → number, true/false or string, good
    /// or bad, so that the good ones can still be checked against the experiment.
    /// </summary>
    public static IReadOnlyList<Validation<Error, HyperparameterSetting>> ReadJsonEntries(string path)
    {
        if (!File.Exists(path)) return [Problem($"hyperparameter file '{path}' does not exist")];
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return FromJsonEntries(document.RootElement, path);
        }
        catch (JsonException e)
        {
            return [Problem($"hyperparameter file '{path}' is not valid JSON: {e.Message}")];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [Problem($"hyperparameter file '{path}' cannot be read: {e.Message}")];
        }
    }

    /// <summary>Each entry of a JSON object, good or bad.</summary>
    public static IReadOnlyList<Validation<Error, HyperparameterSetting>> FromJsonEntries(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return [Problem($"{source}: hyperparameters must be a JSON object of name → value, not {root.ValueKind.ToString().ToLowerInvariant()}")];
        return root.EnumerateObject().Select(property => property.Value.ValueKind switch
            {
                JsonValueKind.Number => Success<Error, HyperparameterSetting>(new(property.Name, property.Value.GetRawText(), source)),
                JsonValueKind.String => Success<Error, HyperparameterSetting>(new(property.Name, property.Value.GetString()!, source)),
                JsonValueKind.True or JsonValueKind.False => Success<Error, HyperparameterSetting>(new(property.Name, property.Value.GetBoolean() ? "true" : "false", source)),
                var kind => Problem($"{source}: hyperparameter '{property.Name}' is {kind.ToString().ToLowerInvariant()}; use a number, true/false or a string"),
            })
            .ToArray();
    }

    static Validation<Error, HyperparameterSetting> Problem(string message) => Fail<Error, HyperparameterSetting>(Error.New(message));

    /// <summary>The current values as a JSON object (numbers, booleans, strings), as config.json records them.</summary>
    public static Dictionary<string, JsonElement> ToJson(Hyperparameters hyperparameters) =>
        hyperparameters.Parameters.Select((p, i) => (p.Name, Value: JsonSerializer.SerializeToElement(hyperparameters.Values[i])))
            .ToDictionary(x => x.Name, x => x.Value);
}
