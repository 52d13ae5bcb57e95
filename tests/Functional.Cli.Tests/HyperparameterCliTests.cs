using System.Text.Json;
using Functional.Cli;
using Functional.Examples;
using Functional.Examples.Mixtures;
using Functional.Training;
using Xunit;

namespace Functional.Cli.Tests;

/// <summary>`train --set` / `--hyperparameters`, what config.json records and `resume` reads back, and `ablate`.</summary>
public sealed class HyperparameterCliTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "functional-hyper-" + Guid.NewGuid().ToString("N"));

    public HyperparameterCliTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    TrainRequest Request(long steps = 6, string[]? sets = null, string? file = null) =>
        new("ring8-tricks", steps, BatchSize: 32, Seed: 0, "cpu", LibTorch: null, Path.Combine(root, "runs"), LogEvery: 3, EvaluateEvery: 0,
            CheckpointEvery: 3, Keep: 3, Sets: sets ?? [], HyperparametersFile: file);

    static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> command)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = command(output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public void Every_problem_with_options_and_hyperparameters_is_reported_at_once_and_nothing_is_written()
    {
        var file = Path.Combine(root, "overrides.json");
        File.WriteAllText(file, """{ "ema_decay": 1.5, "warmup_steps": [1], "beta1": 0.9 }""");

        var (code, _, err) = Run((o, e) => TrainCommand.Run(Request(steps: 0, sets: ["r1_gamma=-1", "gamma=2", "oops"], file: file),
            BuiltInExperiments.All, o, e, CancellationToken.None));

        Assert.Equal(ExitCodes.BadInput, code);
        var lines = err.Trim().Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Equal(6, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("error: ", l));
        Assert.Contains(lines, l => l.Contains("--steps 0 is out of range"));
        Assert.Contains(lines, l => l.Contains("--set 'oops' is not name=value"));
        Assert.Contains(lines, l => l.Contains($"{file}: hyperparameter 'warmup_steps' is array"));
        Assert.Contains(lines, l => l.Contains($"hyperparameter ema_decay = '1.5' ({file}) is out of range: use 0 to 0.99999"));
        Assert.Contains(lines, l => l.Contains("hyperparameter r1_gamma = '-1' (--set) is out of range: use 0 or more"));
        Assert.Contains(lines, l => l.Contains("unknown hyperparameter 'gamma' (--set); known: generator_learning_rate,"));
        Assert.False(Directory.Exists(Path.Combine(root, "runs")));
    }

    [Fact]
    public void Setting_hyperparameters_on_an_experiment_without_them_is_bad_input()
    {
        var request = Request(sets: ["r1_gamma=1"]) with { Experiment = "ring8" };
        var (code, _, err) = Run((o, e) => TrainCommand.Run(request, BuiltInExperiments.All, o, e, CancellationToken.None));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("experiment 'ring8' has no [Hyperparameters] record", err);
    }

    [Fact]
    public void A_configured_experiment_makes_sessions_with_the_new_values()
    {
        var configured = Ring8Tricks.Definition.Configure([new("r1.gamma", "5", "--set"), new("DiscriminatorStepsPerGeneratorStep", "3", "test")])
            .Match(e => e, errors => throw new Xunit.Sdk.XunitException(string.Join("; ", errors)));
        using var session = (Ring8Tricks.Session)configured.CreateSession(SessionOptions.Cpu());
        Assert.Equal(new Ring8Tricks.Settings(R1Gamma: 5, DiscriminatorStepsPerGeneratorStep: 3), session.Hyperparameters);
        using var plain = (Ring8Tricks.Session)Ring8Tricks.Definition.CreateSession(SessionOptions.Cpu());
        Assert.Equal(new Ring8Tricks.Settings(), plain.Hyperparameters);
    }

    [Fact]
    public void The_file_applies_first_then_set_and_config_json_records_every_value_which_resume_reads_back()
    {
        var file = Path.Combine(root, "overrides.json");
        File.WriteAllText(file, """{ "r1_gamma": 0.5, "warmup_steps": 2 }""");
        var (code, output, err) = Run((o, e) => TrainCommand.Run(Request(sets: ["warmup_steps=3"], file: file), BuiltInExperiments.All, o, e, CancellationToken.None));
        Assert.True(code == ExitCodes.Ok, err);
        Assert.Contains("r1_gamma=0.5", output);
        Assert.Contains("warmup_steps=3", output);

        var folder = Directory.GetDirectories(Path.Combine(root, "runs")).Single();
        var config = Path.Combine(folder, RunConfig.FileName);
        using (var json = JsonDocument.Parse(File.ReadAllText(config)))
        {
            var recorded = json.RootElement.GetProperty("hyperparameters");
            Assert.Equal(0.5, recorded.GetProperty("r1_gamma").GetDouble());
            Assert.Equal(3, recorded.GetProperty("warmup_steps").GetInt64());
            Assert.Equal(new Ring8Tricks.Settings().EmaDecay, recorded.GetProperty("ema_decay").GetDouble());
            // Every field of the record, not only those set.
            Assert.Equal(typeof(Ring8Tricks.Settings).GetConstructors().Single().GetParameters().Length, recorded.EnumerateObject().Count());
        }

        // A value made invalid in config.json stops resume with a message that names the file.
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"r1_gamma\": 0.5", "\"r1_gamma\": -2"));
        var before = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var resumed = Run((o, e) => ResumeCommand.Run(folder, null, null, BuiltInExperiments.All, o, e, CancellationToken.None));
        Assert.Equal(ExitCodes.BadInput, resumed.Code);
        Assert.Contains($"hyperparameter r1_gamma = '-2' ({config}) is out of range", resumed.Err);
        Assert.Equal(before, Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public void Ablate_runs_a_grid_across_seeds_writes_the_table_and_resumes()
    {
        var folder = Path.Combine(root, "ablation");
        var request = new AblateRequest("ring8-tricks", "0", Steps: 4, BatchSize: 32, Grid: ["r1_gamma=0,0.5"], folder, "cpu", null);

        var first = Run((o, e) => AblateCommand.Run(request, BuiltInExperiments.All, o, e, CancellationToken.None));
        Assert.True(first.Code == ExitCodes.Ok, first.Err);
        var table = File.ReadAllText(Path.Combine(folder, Ablation.TableMarkdownFile));
        Assert.Contains("| r1_gamma=0 | 1 |", table);
        Assert.Contains("| r1_gamma=0.5 | 1 |", table);
        Assert.True(File.Exists(Path.Combine(folder, Ablation.PlotFile)));

        var again = Run((o, e) => AblateCommand.Run(request, BuiltInExperiments.All, o, e, CancellationToken.None));
        Assert.Equal(ExitCodes.Ok, again.Code);
        Assert.Contains("Trained 0, skipped 2 already finished", again.Out);
    }

    [Fact]
    public void Ablate_without_a_grid_uses_the_declared_variants_and_reports_every_bad_option()
    {
        var variants = AblateCommand.Variants(Ring8Tricks.Definition, []).Match(v => v, e => throw new Xunit.Sdk.XunitException(string.Join("; ", e)));
        Assert.Equal(Ring8Tricks.Ablation().Select(v => v.Name), variants.Select(v => v.Name));

        var request = new AblateRequest("ring8", "0,x", Steps: 0, BatchSize: 32, Grid: [], null, "cpu", null);
        var (code, _, err) = Run((o, e) => AblateCommand.Run(request, BuiltInExperiments.All, o, e, CancellationToken.None));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("experiment 'ring8' declares no [Variants]; give a grid instead", err);
        Assert.Contains("--seeds '0,x': 'x' is not a seed", err);
        Assert.Contains("--steps 0 is out of range", err);

        var grid = AblateCommand.Variants(Ring8Tricks.Definition, ["r1_gamma=1,-1", "beta1=0.1,0.2"]);
        Assert.Equal(2, grid.FailToSeq().Count);
        Assert.All(grid.FailToSeq(), e => Assert.Contains("r1_gamma = '-1' (--grid)", e.Message));
    }
}
