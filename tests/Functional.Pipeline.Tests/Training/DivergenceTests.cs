using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Functional.Data;
using Functional.Training;
using Functional.Tests.Support;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp.Modules;
using Xunit;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

/// <summary>
/// The divergence guard in a generated step, and the trainer's policy, on an experiment made to
/// diverge on demand (<see cref="DivergenceProbe"/>).
/// </summary>
[Trait("Category", "Training")]
[Collection(GlobalGenerator.Name)]
public sealed class DivergenceTests : IDisposable
{
    const string Name = "divergence-probe";
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    sealed record Run(DivergenceProbe.Session Session, IBatchSource Data, Poison Poison) : IDisposable
    {
        public void Dispose()
        {
            Session.Dispose();
            Data.Dispose();
        }
    }

    static Run Start(long seed = 0, bool guard = true)
    {
        var poison = new Poison();
        manual_seed(seed);
        var session = new DivergenceProbe.Session(new SessionOptions(CPU, seed, guard), new DivergenceSettings { Poison = poison });
        return new Run(session, DivergenceProbe.Data(new DataOptions(32, seed, CPU)), poison);
    }

    static void Steps(Run run, int steps)
    {
        for (var i = 0; i < steps; i++)
            using (NewDisposeScope()) run.Session.Step(run.Data.Next());
    }

    /// <summary>A network's parameters and buffers as saved: equal bytes, equal bits.</summary>
    static byte[] Bytes(GanSession session, string network)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
            session.Networks.Single(n => n.Name == network).Module.save(writer);
        return memory.ToArray();
    }

    /// <summary>An optimizer's state (moments, step counts, learning rates) as saved.</summary>
    static byte[] OptimizerBytes(GanSession session, string optimizer)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
            ((OptimizerHelper)session.Optimizers.Single(o => o.Name == optimizer).Optimizer).save_state_dict(writer);
        return memory.ToArray();
    }

    static byte[][] Everything(GanSession session) =>
        session.Networks.Select(n => Bytes(session, n.Name))
            .Concat(session.Optimizers.Select(o => OptimizerBytes(session, o.Name))).ToArray();

    [Fact]
    public void A_poisoned_discriminator_update_leaves_its_weights_and_Adam_state_bit_for_bit_and_is_counted()
    {
        using var run = Start();
        Steps(run, 3);
        var weights = Bytes(run.Session, "discriminator");
        var adam = OptimizerBytes(run.Session, "discriminator");
        var generator = Bytes(run.Session, "generator");

        run.Poison.DiscriminatorLoss = true;
        Steps(run, 1);

        Assert.Equal(weights, Bytes(run.Session, "discriminator"));
        Assert.Equal(adam, OptimizerBytes(run.Session, "discriminator"));
        Assert.NotEqual(generator, Bytes(run.Session, "generator"));   // the generator's own update went through
        Assert.Equal(4, run.Session.DiscriminatorSteps);                 // the skipped step still counts as a step
        Assert.Equal(4, run.Session.GeneratorSteps);
        Assert.Equal(1, run.Session.SkippedSteps);
        Assert.Equal(1, run.Session.ConsecutiveSkips);
        var skip = run.Session.Guard.LastSkip!.Value;
        Assert.Equal((GuardedNetwork.Discriminator, 4L), (skip.Network, skip.Step));
        Assert.True(double.IsNaN(skip.Loss));
    }

    [Fact]
    public void A_finite_loss_over_non_finite_gradients_is_caught_too()
    {
        using var run = Start();
        Steps(run, 2);
        var weights = Bytes(run.Session, "discriminator");
        var adam = OptimizerBytes(run.Session, "discriminator");

        run.Poison.DiscriminatorGradient = true;
        Steps(run, 1);

        Assert.Equal(weights, Bytes(run.Session, "discriminator"));
        Assert.Equal(adam, OptimizerBytes(run.Session, "discriminator"));
        var skip = run.Session.Guard.LastSkip!.Value;
        Assert.True(double.IsFinite(skip.Loss), $"loss {skip.Loss}");
        Assert.False(double.IsFinite(skip.GradientNorm));
    }

    [Fact]
    public void A_poisoned_generator_update_leaves_the_generator_its_Adam_state_and_its_average_bit_for_bit()
    {
        using var run = Start();
        Steps(run, 3);
        var generator = Bytes(run.Session, "generator");
        var average = Bytes(run.Session, "averaged_generator");
        var adam = OptimizerBytes(run.Session, "generator");
        var losses = run.Session.Losses.Read();

        run.Poison.GeneratorLoss = true;
        Steps(run, 2);

        Assert.Equal(generator, Bytes(run.Session, "generator"));
        Assert.Equal(average, Bytes(run.Session, "averaged_generator"));
        Assert.Equal(adam, OptimizerBytes(run.Session, "generator"));
        Assert.Equal(new SkipCounts(0, 2, 0, 2), run.Session.Guard.Counts);
        Assert.Equal(GuardedNetwork.Generator, run.Session.Guard.LastSkip!.Value.Network);
        Assert.All(run.Session.Networks.Single(n => n.Name == "generator").Module.parameters(),
            p => Assert.Equal(0, p.grad!.abs().sum().item<float>()));   // zeroed, not left non-finite
        Assert.True(double.IsFinite(losses.Generator));
        Assert.True(double.IsNaN(run.Session.Losses.Read().Generator));   // a skipped update's loss stays out of the means
    }

    [Fact]
    public void When_every_update_is_poisoned_no_weight_and_no_optimizer_state_changes()
    {
        using var run = Start();
        Steps(run, 2);
        var before = Everything(run.Session);

        run.Poison.Everything = true;
        Steps(run, 5);

        var after = Everything(run.Session);
        for (var i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i]);
        Assert.Equal(new SkipCounts(5, 5, 5, 5), run.Session.Guard.Counts);
        Assert.Equal(10, run.Session.SkippedSteps);
        Assert.Equal(5, run.Session.ConsecutiveSkips);
        Assert.Equal(7, run.Session.DiscriminatorSteps);
    }

    [Fact]
    public void A_good_update_ends_the_run_of_skips_and_the_total_stays()
    {
        using var run = Start();
        run.Poison.DiscriminatorLoss = true;
        Steps(run, 3);
        Assert.Equal(3, run.Session.ConsecutiveSkips);

        run.Poison.DiscriminatorLoss = false;
        Steps(run, 1);

        Assert.Equal(0, run.Session.ConsecutiveSkips);
        Assert.Equal(3, run.Session.SkippedSteps);
        Assert.True(double.IsFinite(run.Session.Guard.LastFiniteDiscriminatorLoss));
    }

    [Fact]
    public void With_nothing_to_catch_the_guarded_step_trains_exactly_as_the_unguarded_one()
    {
        using var guarded = Start(seed: 5, guard: true);
        Steps(guarded, 15);
        using var unguarded = Start(seed: 5, guard: false);
        Steps(unguarded, 15);

        var expected = Everything(unguarded.Session);
        var actual = Everything(guarded.Session);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
        Assert.Equal(0, guarded.Session.SkippedSteps);
    }

    [Fact]
    public void An_unguarded_session_lets_a_poisoned_update_through()
    {
        using var run = Start(guard: false);
        Steps(run, 1);
        run.Poison.DiscriminatorLoss = true;
        Steps(run, 1);

        var weights = run.Session.Networks.Single(n => n.Name == "discriminator").Module.parameters().First();
        Assert.True(weights.isnan().any().item<bool>());
        Assert.Equal(0, run.Session.SkippedSteps);
    }

    [Fact]
    public void Skip_counts_round_trip_through_a_checkpoint_and_an_older_header_without_them_reads_as_none_skipped()
    {
        using var run = Start();
        Steps(run, 2);
        run.Poison.DiscriminatorLoss = true;
        Steps(run, 2);
        var path = folder["skips.ckpt"];
        Assert.True(Checkpoint.Save(run.Session, run.Data, Name, "{}", path).IsSucc);

        using var resumed = Start(seed: 9);
        Fins.Success(Checkpoint.Load(resumed.Session, resumed.Data, Name, path));
        Assert.Equal(new SkipCounts(2, 0, 2, 0), resumed.Session.Guard.Counts);

        var older = folder["older.ckpt"];
        File.WriteAllBytes(older, WithoutSkips(File.ReadAllBytes(path)));
        Assert.Null(Fins.Success(Checkpoint.ReadHeader(older)).Skips);
        Fins.Success(Checkpoint.Load(resumed.Session, resumed.Data, Name, older));
        Assert.Equal(default, resumed.Session.Guard.Counts);
        Assert.Equal(4, resumed.Session.DiscriminatorSteps);
    }

    /// <summary>The checkpoint as a version from before the guard wrote it: the header lacks "Skips"; checksum redone.</summary>
    static byte[] WithoutSkips(byte[] file)
    {
        var body = file.AsSpan(12, BitConverter.ToInt32(file, 8)).ToArray();
        using var reader = new BinaryReader(new MemoryStream(body), Encoding.UTF8);
        var header = JsonNode.Parse(reader.ReadString())!.AsObject();
        Assert.True(header.Remove("Skips"));
        var rest = body[(int)reader.BaseStream.Position..];
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(header.ToJsonString());
            writer.Write(rest);
        }
        var newBody = memory.ToArray();
        return [.. file.AsSpan(0, 8), .. BitConverter.GetBytes(newBody.Length), .. newBody, .. SHA256.HashData(newBody)];
    }

    [Fact]
    public void The_stop_policy_stops_after_N_skips_in_a_row_naming_the_network_the_step_and_the_last_finite_losses()
    {
        using var run = Start();
        var notices = new List<DivergenceNotice>();
        var report = Trainer.Train(run.Session, run.Data, new TrainingOptions(50, LogEvery: 10, Divergence: new DivergencePolicy(MaxConsecutiveSkips: 5)),
            afterStep: step => { if (step == 12) run.Poison.DiscriminatorLoss = true; },
            onDivergence: notices.Add);

        var divergence = Assert.IsType<DivergenceReport>(report.Divergence);
        Assert.False(report.Cancelled);
        Assert.Equal(17, report.StepsDone);
        Assert.Equal(17, run.Session.DiscriminatorSteps);
        Assert.Equal(5, report.SkippedSteps);
        Assert.Equal((GuardedNetwork.Discriminator, 17L, 5, 5L), (divergence.Network, divergence.Step, divergence.ConsecutiveSkips, divergence.SkippedSteps));
        Assert.True(double.IsFinite(divergence.LastFiniteDiscriminatorLoss) && double.IsFinite(divergence.LastFiniteGeneratorLoss));
        var message = divergence.Message;
        Assert.DoesNotContain('\n', message);
        foreach (var fragment in new[] { "diverged at step 17", "last 5 discriminator updates", "loss NaN", "5 skipped in all", "last finite losses D ", "the policy is to stop" })
            Assert.Contains(fragment, message);
        Assert.Equal([DivergenceNoticeKind.SkipsBegan, DivergenceNoticeKind.Stopped], notices.Select(n => n.Kind));
        Assert.Equal(13, notices[0].Step);
        Assert.Contains("step 13: discriminator update skipped: loss NaN", notices[0].Message);
    }

    [Fact]
    public void A_short_run_of_skips_is_told_when_it_begins_and_ends_and_training_goes_on()
    {
        using var run = Start();
        var notices = new List<DivergenceNotice>();
        var report = Trainer.Train(run.Session, run.Data, new TrainingOptions(20, LogEvery: 10, Divergence: new DivergencePolicy(MaxConsecutiveSkips: 3)),
            afterStep: step => run.Poison.DiscriminatorLoss = step is 5 or 6,
            onDivergence: notices.Add);

        Assert.Null(report.Divergence);
        Assert.Equal(20, run.Session.DiscriminatorSteps);
        Assert.Equal(2, report.SkippedSteps);
        Assert.Equal(2, report.Log[^1].SkippedSteps);
        Assert.Equal([(DivergenceNoticeKind.SkipsBegan, 6L), (DivergenceNoticeKind.SkipsEnded, 8L)], notices.Select(n => (n.Kind, n.Step)));
    }

    [Fact]
    public void A_rollback_restores_the_checkpoint_lowers_every_learning_rate_and_the_lower_rates_survive_a_checkpoint()
    {
        using var run = Start();
        Steps(run, 10);
        var path = folder["good.ckpt"];
        Assert.True(Checkpoint.Save(run.Session, run.Data, Name, "{}", path).IsSucc);
        var good = Everything(run.Session);
        Assert.Equal([1e-3, 2e-3], Trainer.LearningRates(run.Session));

        byte[][]? restored = null;
        var armed = true;
        var notices = new List<DivergenceNotice>();
        var report = Trainer.Train(run.Session, run.Data,
            new TrainingOptions(30, LogEvery: 10, Divergence: new DivergencePolicy(3, DivergenceAction.Rollback, LearningRateFactor: 0.5, MaxRollbacks: 2)),
            afterStep: step => { if (step == 14 && armed) run.Poison.Everything = true; },
            rollback: () =>
            {
                var loaded = Checkpoint.Load(run.Session, run.Data, Name, path);
                restored = Everything(run.Session);
                run.Poison.Everything = armed = false;   // the lower rate "helps"
                return loaded.Map(_ => unit);
            },
            onDivergence: notices.Add);

        Assert.Null(report.Divergence);
        Assert.Equal(1, report.Rollbacks);
        Assert.Equal(40, run.Session.DiscriminatorSteps);
        Assert.NotNull(restored);
        for (var i = 0; i < good.Length; i++) Assert.Equal(good[i], restored[i]);
        Assert.Equal([0.5e-3, 1e-3], Trainer.LearningRates(run.Session));
        var rolledBack = Assert.Single(notices, n => n.Kind == DivergenceNoticeKind.RolledBack);
        Assert.Contains("step 17: rollback 1 of 2 after 3 skipped discriminator updates in a row: back to step 10, learning rates ×0.5", rolledBack.Message);

        var later = folder["later.ckpt"];
        Assert.True(Checkpoint.Save(run.Session, run.Data, Name, "{}", later).IsSucc);
        using var resumed = Start(seed: 3);
        Assert.Equal([1e-3, 2e-3], Trainer.LearningRates(resumed.Session));
        Fins.Success(Checkpoint.Load(resumed.Session, resumed.Data, Name, later));
        Assert.Equal([0.5e-3, 1e-3], Trainer.LearningRates(resumed.Session));
    }

    [Fact]
    public void Rollbacks_that_do_not_help_stop_after_the_last_one_with_the_rates_lowered_each_time()
    {
        using var run = Start();
        Steps(run, 2);
        var path = folder["good.ckpt"];
        Assert.True(Checkpoint.Save(run.Session, run.Data, Name, "{}", path).IsSucc);
        run.Poison.DiscriminatorLoss = true;

        var report = Trainer.Train(run.Session, run.Data,
            new TrainingOptions(100, Divergence: new DivergencePolicy(2, DivergenceAction.Rollback, LearningRateFactor: 0.5, MaxRollbacks: 2)),
            rollback: () => Checkpoint.Load(run.Session, run.Data, Name, path).Map(_ => unit));

        var divergence = Assert.IsType<DivergenceReport>(report.Divergence);
        Assert.Equal(2, report.Rollbacks);
        Assert.Equal(6, report.SkippedSteps);
        Assert.Equal(0.25, divergence.LearningRateScale);
        Assert.Equal([0.25e-3, 0.5e-3], Trainer.LearningRates(run.Session));
        Assert.Contains("2 rollbacks to the last good checkpoint did not help (learning rates ×0.25)", divergence.Message);
        Assert.Equal(4, run.Session.DiscriminatorSteps);
    }

    [Fact]
    public void A_rollback_that_fails_stops_the_run_with_its_reason()
    {
        using var run = Start();
        run.Poison.DiscriminatorLoss = true;

        var report = Trainer.Train(run.Session, run.Data,
            new TrainingOptions(100, Divergence: new DivergencePolicy(2, DivergenceAction.Rollback)),
            rollback: () => FinFail<Unit>(Error.New("there is no checkpoint yet.")));

        var divergence = Assert.IsType<DivergenceReport>(report.Divergence);
        Assert.Equal(0, report.Rollbacks);
        Assert.Equal("there is no checkpoint yet.", divergence.RollbackError);
        Assert.EndsWith("rolling back failed: there is no checkpoint yet.", divergence.Message);
        Assert.Equal(2, run.Session.DiscriminatorSteps);
    }

    [Fact]
    public void A_rollback_policy_without_a_callback_or_a_bad_policy_is_refused_before_any_step()
    {
        using var run = Start();
        Assert.Throws<ArgumentException>(() => Trainer.Train(run.Session, run.Data,
            new TrainingOptions(5, Divergence: new DivergencePolicy(Action: DivergenceAction.Rollback))));
        Assert.Throws<ArgumentException>(() => Trainer.Train(run.Session, run.Data,
            new TrainingOptions(5, Divergence: new DivergencePolicy(MaxConsecutiveSkips: 0))));
        Assert.Equal(0, run.Session.DiscriminatorSteps);
    }
}
