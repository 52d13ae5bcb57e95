using Functional.Data;
using System.Globalization;
using System.Text;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Training;

/// <summary>How a hyperparameter's value is written and checked.</summary>
public enum HyperparameterKind
{
    Boolean,
    Integer,
    Real,
    Text,
}

/// <summary>
/// One settable member of an experiment's [Hyperparameters] record: its command-line name
/// (snake_case of <paramref name="Member"/>), kind, inclusive bounds and description.
/// </summary>
public sealed record Hyperparameter(string Member, HyperparameterKind Kind, double Minimum, double Maximum, string Description)
{
    /// <summary>The name used by <c>--set</c>, JSON files and config.json: <c>R1Gamma</c> → <c>r1_gamma</c>.</summary>
    public string Name { get; } = SnakeCase(Member);

    /// <summary>Whether <paramref name="name"/> names this hyperparameter: case, '_', '-' and '.' do not matter (<c>r1.gamma</c>, <c>R1Gamma</c>).</summary>
    public bool Matches(string name) => Key(name) == Key(Member);

    /// <summary>The allowed values, as `list` and error messages say them.</summary>
    public string Range => Kind switch
    {
        HyperparameterKind.Boolean => "true or false",
        HyperparameterKind.Text => "any text",
        _ when Open(Minimum) && Open(Maximum) => Kind == HyperparameterKind.Integer ? "any integer" : "any finite number",
        _ when Open(Minimum) => $"{Number(Maximum)} or less",
        _ when Open(Maximum) => $"{Number(Minimum)} or more",
        _ => $"{Number(Minimum)} to {Number(Maximum)}",
    };

    /// <summary>Parses and checks one value; the error names the hyperparameter, the value, where it came from and the allowed range.</summary>
    public Validation<Error, object> Parse(HyperparameterSetting setting)
    {
        var text = setting.Value.Trim();
        var at = $"hyperparameter {Name} = '{setting.Value}' ({setting.Source})";
        switch (Kind)
        {
            case HyperparameterKind.Boolean:
                return bool.TryParse(text, out var flag) ? Ok(flag) : Bad($"{at} is not true or false");
            case HyperparameterKind.Text:
                return Ok(setting.Value);
            case HyperparameterKind.Integer:
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
                    return Bad($"{at} is not an integer; use {Range}");
                return whole >= Minimum && whole <= Maximum ? Ok(whole) : Bad($"{at} is out of range: use {Range}");
            default:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) || !double.IsFinite(real))
                    return Bad($"{at} is not a finite number; use {Range}");
                return real >= Minimum && real <= Maximum ? Ok(real) : Bad($"{at} is out of range: use {Range}");
        }

        static Validation<Error, object> Ok(object value) => Success<Error, object>(value);
        static Validation<Error, object> Bad(string problem) => Fail<Error, object>(Error.New(problem));
    }

    /// <summary>A value as config.json, `list` and summaries write it (invariant, round-trippable).</summary>
    public static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>An infinite bound, or the limit of the member's type (int, long, float), which `list` need not show.</summary>
    static bool Open(double bound) =>
        double.IsInfinity(bound) || Math.Abs(bound) is int.MaxValue or 2147483648d or 9.2233720368547748E+18 or float.MaxValue;

    static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    static string Key(string name)
    {
        var key = new StringBuilder(name.Length);
        foreach (var c in name)
            if (c is not ('_' or '-' or '.')) key.Append(char.ToLowerInvariant(c));
        return key.ToString();
    }

    static string SnakeCase(string member)
    {
        var name = new StringBuilder(member.Length + 4);
        for (var i = 0; i < member.Length; i++)
        {
            var c = member[i];
            // A word starts at an upper-case letter after a lower-case letter or digit, or before a lower-case one in an acronym (EMADecay → ema_decay).
            var starts = i > 0 && char.IsUpper(c)
                && (char.IsLower(member[i - 1]) || char.IsDigit(member[i - 1]) || (i + 1 < member.Length && char.IsLower(member[i + 1]) && char.IsUpper(member[i - 1])));
            if (starts) name.Append('_');
            name.Append(char.ToLowerInvariant(c));
        }
        return name.ToString();
    }
}

/// <summary>One requested value, as text, with where it came from (<c>--set</c>, a JSON file, config.json) for error messages.</summary>
public readonly record struct HyperparameterSetting(string Name, string Value, string Source);

/// <summary>
/// An experiment's hyperparameter record with its current values: what `--set` and JSON files
/// change, what config.json records, and how to make a session with them. The source generator
/// writes one per [Hyperparameters] record (<c>Of</c>); every check is here.
/// </summary>
public abstract class Hyperparameters
{
    public abstract IReadOnlyList<Hyperparameter> Parameters { get; }

    /// <summary>The current value of each of <see cref="Parameters"/>, in order.</summary>
    public abstract IReadOnlyList<object> Values { get; }

    /// <summary>The record itself.</summary>
    public abstract object Record { get; }

    public abstract GanSession CreateSession(SessionOptions options);

    /// <summary>The experiment's data made with these values, when its [Data] method takes the record; null when it does not.</summary>
    public abstract Func<DataOptions, IBatchSource>? CreateData { get; }

    /// <summary>These values with <paramref name="settings"/> applied in order (a later one wins); every problem is reported.</summary>
    public abstract Validation<Error, Hyperparameters> With(IReadOnlyList<HyperparameterSetting> settings);

    /// <summary>Name and formatted value of each hyperparameter.</summary>
    public IEnumerable<(Hyperparameter Parameter, string Value)> Current() =>
        Parameters.Select((p, i) => (p, Hyperparameter.Format(Values[i])));

    public static Hyperparameters<TSettings> Of<TSettings>(
        TSettings defaults,
        Func<SessionOptions, TSettings, GanSession> createSession,
        params HyperparameterField<TSettings>[] fields) where TSettings : class =>
        new(defaults, createSession, null, fields);

    /// <summary>The same for an experiment whose [Data] method takes the record: its data follows the configured values.</summary>
    public static Hyperparameters<TSettings> Of<TSettings>(
        TSettings defaults,
        Func<SessionOptions, TSettings, GanSession> createSession,
        Func<DataOptions, TSettings, IBatchSource> createData,
        params HyperparameterField<TSettings>[] fields) where TSettings : class =>
        new(defaults, createSession, createData, fields);
}

/// <summary>How the generated code reads and sets one member of a record (a <c>with</c> expression).</summary>
public sealed record HyperparameterField<TSettings>(Hyperparameter Parameter, Func<TSettings, object> Get, Func<TSettings, object, TSettings> Set);

public sealed class Hyperparameters<TSettings> : Hyperparameters where TSettings : class
{
    readonly TSettings record;
    readonly Func<SessionOptions, TSettings, GanSession> createSession;
    readonly Func<DataOptions, TSettings, IBatchSource>? createData;
    readonly HyperparameterField<TSettings>[] fields;

    internal Hyperparameters(TSettings record, Func<SessionOptions, TSettings, GanSession> createSession,
        Func<DataOptions, TSettings, IBatchSource>? createData, HyperparameterField<TSettings>[] fields)
    {
        this.record = record;
        this.createSession = createSession;
        this.createData = createData;
        this.fields = fields;
        Parameters = fields.Select(f => f.Parameter).ToArray();
        Values = fields.Select(f => f.Get(record)).ToArray();
    }

    public override IReadOnlyList<Hyperparameter> Parameters { get; }
    public override IReadOnlyList<object> Values { get; }
    public override object Record => record;
    public TSettings Settings => record;

    public override GanSession CreateSession(SessionOptions options) => createSession(options, record);

    public override Func<DataOptions, IBatchSource>? CreateData => createData is { } create ? options => create(options, record) : null;

    /// <summary>The same schema over another record (an ablation variant written in C#).</summary>
    public Hyperparameters<TSettings> WithRecord(TSettings settings) => new(settings, createSession, createData, fields);

    public override Validation<Error, Hyperparameters> With(IReadOnlyList<HyperparameterSetting> settings)
    {
        var parsed = settings.Select(Resolve).ToArray();
        var problems = parsed.SelectMany(p => p.FailToSeq()).ToArray();
        if (problems.Length > 0) return Validation<Error, Hyperparameters>.Fail(problems.ToSeq());
        var result = record;
        foreach (var p in parsed)
            p.IfSuccess(x => result = x.Field.Set(result, x.Value));
        return Success<Error, Hyperparameters>(WithRecord(result));
    }

    Validation<Error, (HyperparameterField<TSettings> Field, object Value)> Resolve(HyperparameterSetting setting)
    {
        var field = fields.FirstOrDefault(f => f.Parameter.Matches(setting.Name));
        if (field is null)
            return Fail<Error, (HyperparameterField<TSettings>, object)>(Error.New(
                $"unknown hyperparameter '{setting.Name}' ({setting.Source}); known: {string.Join(", ", Parameters.Select(p => p.Name))}"));
        return field.Parameter.Parse(setting).Map(value => (field, value));
    }
}
