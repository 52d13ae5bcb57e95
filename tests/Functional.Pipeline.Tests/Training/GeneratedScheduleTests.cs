using Functional.Data;
using Functional.Training;
using Xunit;
using static Functional.Tests.Support.Tensors;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

/// <summary>The compiled step of a generated session follows its [TrainingSchedule].</summary>
[Trait("Category", "Training")]
public sealed class GeneratedScheduleTests
{
    static Dictionary<string, Tensor> Weights(GanSession session, string network) =>
        session.Networks.Single(n => n.Name == network).Module.named_parameters()
            .ToDictionary(p => p.name, p => p.parameter.detach().clone());

    static void AssertSame(Dictionary<string, Tensor> before, Dictionary<string, Tensor> after, string what)
    {
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (name, weight) in before) AssertEqualExactly(weight, after[name], $"{what} {name}");
    }

    static bool AnyChanged(Dictionary<string, Tensor> before, Dictionary<string, Tensor> after) =>
        before.Any(p => !p.Value.eq(after[p.Key]).all().item<bool>());

    [Fact]
    public void The_registry_lists_the_probe_with_its_schedule()
    {
        var probe = Assert.Single(Functional.Generated.ExperimentRegistry.All, e => e.Name == "schedule-probe");

        Assert.Contains(probe.Tricks, t => t.Contains("training schedule"));
        Assert.NotNull(probe.CreateData);
    }

    [Fact]
    public void Twenty_three_steps_of_3_per_generator_step_after_5_warm_up_give_6_generator_steps()
    {
        using var scope = NewDisposeScope();
        var experiment = ScheduleProbe.Definition;
        using var session = Trainer.CreateSession(experiment, SessionOptions.Cpu(seed: 0));
        using var data = experiment.CreateData!(new DataOptions(BatchSize: 16, Seed: 0, CPU));
        var generatorAtStart = Weights(session, "generator");
        var discriminatorAtStart = Weights(session, "discriminator");
        var generatorStepsSeen = new List<long>();

        for (var step = 1; step <= 23; step++)
        {
            using (NewDisposeScope()) session.Step(data.Next());
            Assert.Equal(step, session.DiscriminatorSteps);
            Assert.Equal(ScheduleProbe.Planned.GeneratorStepsAfter(step), session.GeneratorSteps);
            generatorStepsSeen.Add(session.GeneratorSteps);
            if (step == 5)
            {
                AssertSame(generatorAtStart, Weights(session, "generator"), "generator weight after the warm-up");
                Assert.True(AnyChanged(discriminatorAtStart, Weights(session, "discriminator")), "the discriminator did not train during the warm-up");
            }
        }

        Assert.Equal(23, session.DiscriminatorSteps);
        Assert.Equal((23 - 5) / 3, session.GeneratorSteps);
        Assert.Equal(6, session.GeneratorSteps);
        Assert.True(AnyChanged(generatorAtStart, Weights(session, "generator")), "the generator never trained");
        // Generator steps follow D steps 8, 11, 14, 17, 20, 23.
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6], generatorStepsSeen);
    }

    [Fact]
    public void The_generator_weights_change_exactly_on_scheduled_steps()
    {
        using var scope = NewDisposeScope();
        using var session = Trainer.CreateSession(ScheduleProbe.Definition, SessionOptions.Cpu(seed: 1));
        using var data = ScheduleProbe.Data(new DataOptions(BatchSize: 16, Seed: 1, CPU));

        for (var step = 1; step <= 14; step++)
        {
            var before = Weights(session, "generator");
            using (NewDisposeScope()) session.Step(data.Next());
            var changed = AnyChanged(before, Weights(session, "generator"));
            Assert.True(changed == ScheduleProbe.Planned.IsGeneratorStep(step), $"D step {step}: generator changed {changed}");
        }
    }
}
