using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Cli;

/// <summary>
/// How a command fails: an <see cref="Error"/> whose code is the process's exit code
/// (<see cref="ExitCodes"/>). Commands return <c>Fin&lt;int&gt;</c> (the exit code of a run that went
/// its way) and compose their steps with Bind and Map; <see cref="Exit"/> is the one place an error
/// becomes its lines and its exit code.
/// </summary>
public static class Failure
{
    public static Error BadInput(string message) => Error.New(ExitCodes.BadInput, message);

    public static Error Environment(string message) => Error.New(ExitCodes.Environment, message);

    public static Error TrainingFailed(string message) => Error.New(ExitCodes.TrainingFailed, message);

    /// <summary>Bad input, keeping the message: for errors of the library, which carry no exit code.</summary>
    public static Fin<T> AsBadInput<T>(this Fin<T> result) => result.BiMap(x => x, e => Recode(e, ExitCodes.BadInput));

    /// <summary>An environment error, keeping the message (libtorch, devices).</summary>
    public static Fin<T> AsEnvironment<T>(this Fin<T> result) => result.BiMap(x => x, e => Recode(e, ExitCodes.Environment));

    /// <summary>Every problem a validation found, as one bad-input error (each keeps its line).</summary>
    public static Fin<T> ToFin<T>(this Validation<Error, T> validation) =>
        validation.Match(FinSucc, errors => FinFail<T>(Recode(Error.Many(errors), ExitCodes.BadInput)));

    /// <summary>What a command that may throw for bad input (ArgumentException, InvalidOperationException) returns instead.</summary>
    public static Fin<T> Catching<T>(Func<T> run)
    {
        try { return run(); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException) { return BadInput(e.Message); }
    }

    /// <summary>
    /// Runs training that libtorch or a role method may stop with an exception (a shape that does
    /// not fit, a value a trick refuses): a training failure whose one line says where, instead of
    /// a stack trace. What the run wrote before stays.
    /// </summary>
    public static Fin<T> Training<T>(Func<T> run, Func<string> where)
    {
        try { return run(); }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or ArgumentException or InvalidOperationException)
        {
            return TrainingFailed($"training failed {where()}: {FirstLine(e.Message)}");
        }
    }

    static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>
    /// The edge: the exit code of a command's result. Each error is one line, "error: …". Bad
    /// input and the environment are told on <paramref name="errors"/> (nothing ran); a training
    /// failure ends the run's own transcript on <paramref name="output"/>, after its outputs.
    /// </summary>
    public static int Exit(Fin<int> result, TextWriter output, TextWriter errors) =>
        result.Match(code => code, error =>
        {
            var code = CodeOf(error);
            var writer = code == ExitCodes.TrainingFailed ? output : errors;
            foreach (var e in Lines(error)) writer.WriteLine($"error: {e.Message}");
            return code;
        });

    static IEnumerable<Error> Lines(Error error) =>
        error is ManyErrors many ? many.Errors.SelectMany(Lines) : [error];

    static int CodeOf(Error error) =>
        Lines(error).Select(e => e.Code).FirstOrDefault(c => c is ExitCodes.TrainingFailed or ExitCodes.BadInput or ExitCodes.Environment, ExitCodes.BadInput);

    static Error Recode(Error error, int code) =>
        error is ManyErrors many
            ? Error.Many(many.Errors.Map(e => Recode(e, code)))
            : error.Code is ExitCodes.TrainingFailed or ExitCodes.BadInput or ExitCodes.Environment ? error : Error.New(code, error.Message);
}
