using LanguageExt;
using Xunit;

namespace Functional.Tests.Support;

internal static class Fins
{
    /// <summary>The success value, or a failed assertion showing the error.</summary>
    public static T Success<T>(Fin<T> result) =>
        result.Match(value => value, error => throw new Xunit.Sdk.XunitException($"expected success, got: {error.Message}"));

    /// <summary>The error's message, after asserting that it is one line and contains every fragment.</summary>
    public static string Failure<T>(Fin<T> result, params string[] fragments)
    {
        var message = result.Match(_ => throw new Xunit.Sdk.XunitException("expected an error, got success"), error => error.Message);
        Assert.DoesNotContain('\n', message);
        foreach (var fragment in fragments) Assert.Contains(fragment, message);
        return message;
    }
}
