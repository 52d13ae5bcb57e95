using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using Functional.Training;
using Xunit;

namespace Functional.Tests.Training;

/// <summary>Binding `--set name=value` and JSON values to a [Hyperparameters] record: names, parsing, bounds, and every problem at once.</summary>
public sealed class HyperparameterTests
{
    sealed record Knobs(double R1Gamma = 0.1, int Width = 16, bool SpectralNorm = true, string Note = "", double EMADecay = 0.99);

    // What the generator writes for Knobs, with bounds as [Hyperparameter] would give them.
    static readonly Hyperparameters<Knobs> Schema = Hyperparameters.Of(
        new Knobs(),
        (_, _) => throw new InvalidOperationException("not called"),
        new HyperparameterField<Knobs>(new Hyperparameter("R1Gamma", HyperparameterKind.Real, 0, 100, "R1 weight"), k => k.R1Gamma, (k, v) => k with { R1Gamma = (double)v }),
        new HyperparameterField<Knobs>(new Hyperparameter("Width", HyperparameterKind.Integer, 1, 512, ""), k => k.Width, (k, v) => k with { Width = (int)(long)v }),
        new HyperparameterField<Knobs>(new Hyperparameter("SpectralNorm", HyperparameterKind.Boolean, double.NegativeInfinity, double.PositiveInfinity, ""), k => k.SpectralNorm, (k, v) => k with { SpectralNorm = (bool)v }),
        new HyperparameterField<Knobs>(new Hyperparameter("Note", HyperparameterKind.Text, double.NegativeInfinity, double.PositiveInfinity, ""), k => k.Note, (k, v) => k with { Note = (string)v }),
        new HyperparameterField<Knobs>(new Hyperparameter("EMADecay", HyperparameterKind.Real, 0, 1, ""), k => k.EMADecay, (k, v) => k with { EMADecay = (double)v }));

    static HyperparameterSetting Set(string name, string value) => new(name, value, "--set");

    static Knobs Apply(params HyperparameterSetting[] settings) =>
        Schema.With(settings).Match(h => (Knobs)h.Record, errors => throw new Xunit.Sdk.XunitException(string.Join("; ", errors.Select(e => e.Message))));

    static string[] Problems(params HyperparameterSetting[] settings) =>
        Schema.With(settings).Match(_ => Array.Empty<string>(), errors => errors.Select(e => e.Message).ToArray());

    [Theory]
    [InlineData("R1Gamma", "r1_gamma")]
    [InlineData("GeneratorLearningRate", "generator_learning_rate")]
    [InlineData("EMADecay", "ema_decay")]
    [InlineData("Width", "width")]
    [InlineData("EmaRampUpSteps", "ema_ramp_up_steps")]
    public void Names_are_the_members_in_snake_case(string member, string name) =>
        Assert.Equal(name, new Hyperparameter(member, HyperparameterKind.Real, 0, 1, "").Name);

    [Theory]
    [InlineData("r1_gamma")]
    [InlineData("r1.gamma")]
    [InlineData("R1Gamma")]
    [InlineData("r1-gamma")]
    public void A_name_matches_whatever_the_case_and_separators(string name) =>
        Assert.Equal(5.0, Apply(Set(name, "5")).R1Gamma);

    [Fact]
    public void Settings_apply_in_order_and_leave_the_defaults_alone()
    {
        var knobs = Apply(Set("width", "32"), Set("spectral_norm", "false"), Set("note", " a b "), Set("width", "64"));
        Assert.Equal(new Knobs(Width: 64, SpectralNorm: false, Note: " a b "), knobs);
        Assert.Equal(new Knobs(), Schema.Settings);
        Assert.Equal(["0.1", "16", "true", "", "0.99"], Schema.Current().Select(c => c.Value));
    }

    [Fact]
    public void Every_problem_is_reported_together_with_its_name_value_source_and_range()
    {
        var problems = Problems(Set("r1_gamma", "-1"), Set("width", "1.5"), Set("spectral_norm", "yes"), Set("gamma", "2"),
            new HyperparameterSetting("ema_decay", "NaN", "overrides.json"));
        Assert.Equal(5, problems.Length);
        Assert.Equal("hyperparameter r1_gamma = '-1' (--set) is out of range: use 0 to 100", problems[0]);
        Assert.Equal("hyperparameter width = '1.5' (--set) is not an integer; use 1 to 512", problems[1]);
        Assert.Equal("hyperparameter spectral_norm = 'yes' (--set) is not true or false", problems[2]);
        Assert.Equal("unknown hyperparameter 'gamma' (--set); known: r1_gamma, width, spectral_norm, note, ema_decay", problems[3]);
        Assert.Equal("hyperparameter ema_decay = 'NaN' (overrides.json) is not a finite number; use 0 to 1", problems[4]);
    }

    [Fact]
    public void Bounds_are_inclusive()
    {
        Assert.Equal(0.0, Apply(Set("r1_gamma", "0")).R1Gamma);
        Assert.Equal(100.0, Apply(Set("r1_gamma", "1e2")).R1Gamma);
        Assert.Single(Problems(Set("width", "0")));
        Assert.Single(Problems(Set("width", "513")));
    }

    [Theory]
    [InlineData(double.NegativeInfinity, double.PositiveInfinity, HyperparameterKind.Real, "any finite number")]
    [InlineData(0, double.PositiveInfinity, HyperparameterKind.Real, "0 or more")]
    [InlineData(double.NegativeInfinity, 2.5, HyperparameterKind.Real, "2.5 or less")]
    [InlineData(int.MinValue, int.MaxValue, HyperparameterKind.Integer, "any integer")]
    [InlineData(1, int.MaxValue, HyperparameterKind.Integer, "1 or more")]
    [InlineData(-3.4028234663852886E+38, 1, HyperparameterKind.Real, "1 or less")]
    public void Ranges_read_plainly_and_hide_the_limits_of_the_type(double minimum, double maximum, HyperparameterKind kind, string range) =>
        Assert.Equal(range, new Hyperparameter("X", kind, minimum, maximum, "").Range);

    [Property]
    public bool A_finite_value_inside_the_bounds_round_trips_through_its_text(NormalFloat value)
    {
        var x = Math.Clamp(value.Get, 0, 100);
        var text = Hyperparameter.Format(x);
        return (Apply(Set("r1_gamma", text)).R1Gamma == x);
    }

    [Property]
    public bool A_value_outside_the_bounds_is_always_refused(NormalFloat value)
    {
        var x = value.Get;
        var inside = x >= 0 && x <= 100;
        var refused = Problems(Set("r1_gamma", x.ToString("R", CultureInfo.InvariantCulture))).Length == 1;
        return inside != refused;
    }
}
