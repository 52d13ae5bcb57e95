using Functional.Data;
using Functional.Generated;
using Functional.Metrics;
using Functional.Networks;
using Functional.Tests.Support;
using Functional.Training;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.TrickExperiments;

/// <summary>
/// Every role and trick runs through a generated step here: each experiment of this folder trains
/// a few steps, and each test checks what its trick should visibly do. A few steps from one seed
/// is only a fair test when the run gets that seed's draws, so the class runs alone.
/// </summary>
[Trait("Category", "Training")]
public sealed class TrickExperimentTests
{
    const long Steps = 20;

    public static TheoryData<string> Trainable =>
        new(ExperimentRegistry.All.Select(e => e.Name).Where(name => name != BatchNormPenalized.Definition.Name));

    static ExperimentDefinition Named(string name) => ExperimentRegistry.All.Single(e => e.Name == name);

    [Theory]
    [MemberData(nameof(Trainable))]
    public void Every_experiment_trains_with_finite_losses_and_steps_its_generator(string name)
    {
        using var run = TrickRun.Train(Named(name), Steps);
        Assert.Equal(Steps, run.Session.DiscriminatorSteps);
        Assert.All(run.Readings, r => Assert.True(double.IsFinite(r.Discriminator), $"D loss {r.Discriminator}"));
        Assert.All(run.Readings.Where(r => !double.IsNaN(r.Generator)), r => Assert.True(double.IsFinite(r.Generator), $"G loss {r.Generator}"));
        Assert.True(run.Session.GeneratorSteps > 0);
        Assert.All(run.Session.Networks.SelectMany(n => n.Module.parameters()),
            p => Assert.False(p.isnan().any().item<bool>(), "a parameter became NaN"));
    }

    [Fact]
    public void Registry_holds_every_trick_experiment_of_this_folder()
    {
        var names = ExperimentRegistry.All.Select(e => e.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "test-wgan-gp", "test-one-sided-gp", "test-lazy-r1", "test-r2", "test-dragan", "test-weight-clipping",
            "test-gradient-norm-clipping", "test-one-sided-smoothing", "test-two-sided-smoothing", "test-label-flipping",
            "test-instance-noise", "test-projection", "test-label-concat", "test-ac-gan", "test-denoising-l1",
            "test-denoising-l2", "test-denoising-perceptual", "test-batchnorm-generator", "test-batchnorm-penalized",
        }, names);
    }

    [Theory]
    [InlineData("test-wgan-gp")]
    [InlineData("test-one-sided-gp")]
    [InlineData("test-r2")]
    [InlineData("test-dragan")]
    public void Penalties_that_run_every_step_report_a_finite_penalty_every_step(string name)
    {
        using var run = TrickRun.Train(Named(name), Steps);
        Assert.All(run.Readings, r => Assert.True(double.IsFinite(r.Penalty) && r.Penalty >= 0, $"penalty {r.Penalty}"));
    }

    [Fact]
    public void Lazy_R1_runs_only_on_due_steps()
    {
        using var run = TrickRun.Train(LazyR1.Definition, 2 * LazyR1.Interval + 1);
        for (var step = 0; step < run.Readings.Count; step++)
        {
            var penalty = run.Readings[step].Penalty;
            if (step % LazyR1.Interval == 0) Assert.True(double.IsFinite(penalty) && penalty >= 0, $"step {step}: penalty {penalty}");
            else Assert.True(double.IsNaN(penalty), $"step {step} is not due but reported penalty {penalty}");
        }
    }

    [Fact]
    public void WGAN_GP_schedule_warms_up_then_steps_the_generator_every_third_critic_step()
    {
        using var run = TrickRun.Train(WganGp.Definition, Steps);
        var schedule = new TrainingSchedule(new WganGp.Settings().CriticSteps, new WganGp.Settings().WarmupSteps);
        Assert.Equal(schedule.GeneratorStepsAfter(Steps), run.Session.GeneratorSteps);
        for (var step = 1; step <= Steps; step++)
            Assert.Equal(schedule.IsGeneratorStep(step), !double.IsNaN(run.Readings[step - 1].Generator));
    }

    [Fact]
    public void Weight_clipping_keeps_every_critic_weight_within_the_limit()
    {
        using var run = TrickRun.Train(WeightClipping.Definition, Steps);
        var critic = run.Session.Networks.Single(n => n.Name == "discriminator").Module;
        Assert.All(critic.parameters(), p => Assert.True(p.abs().max().item<float>() <= WeightClipping.Limit, $"max |w| {p.abs().max().item<float>()}"));
    }

    [Fact]
    public void Gradient_norm_clipping_bounds_each_discriminator_update()
    {
        using var run = TrickRun.Train(GradientNormClipping.Definition, 1);
        var discriminator = run.Session.Networks.Single(n => n.Name == "discriminator").Module;
        for (var step = 0; step < 5; step++)
        {
            var before = discriminator.parameters().Select(p => p.detach().clone()).ToArray();
            run.More(1);
            var moved = Math.Sqrt(discriminator.parameters().Zip(before, (p, b) => (p - b).square().sum().item<float>()).Sum());
            Assert.True(moved <= GradientNormClipping.DiscriminatorLearningRate * GradientNormClipping.MaxNorm * (1 + 1e-4),
                $"the update moved the weights by {moved}");
            Assert.True(moved > 0, "the discriminator did not train");
        }
    }

    [Fact]
    public void One_sided_smoothing_keeps_the_discriminator_loss_above_the_entropy_of_its_soft_real_target()
    {
        using var run = TrickRun.Train(OneSidedSmoothing.Definition, Steps);
        // BCE against target t is at least its entropy H(t); the fake term is at least 0.
        var floor = Entropy(1 - OneSidedSmoothing.Amount);
        Assert.All(run.Readings, r => Assert.True(r.Discriminator >= floor - 1e-6, $"D loss {r.Discriminator} < {floor}"));
    }

    [Fact]
    public void Two_sided_smoothing_targets_change_the_least_squares_loss()
    {
        using var run = TrickRun.Train(TwoSidedSmoothing.Definition, 1);
        var discriminator = (Sequential)run.Session.Networks.Single(n => n.Name == "discriminator").Module;
        using var scope = NewDisposeScope();
        var real = run.Data.Next().Real;
        var fake = run.Session.Sample(TrickRun.BatchSize, averaged: false);
        using var noGrad = no_grad();
        var (realLogits, fakeLogits) = (discriminator.call(real), discriminator.call(fake));
        var hard = global::Functional.Losses.LeastSquares.Discriminator(realLogits, fakeLogits).item<float>();
        var soft = TwoSidedSmoothing.DLoss(realLogits, fakeLogits,
            TwoSidedSmoothing.Targets(ones_like(realLogits)), TwoSidedSmoothing.Targets(zeros_like(fakeLogits))).item<float>();
        Assert.NotEqual(hard, soft);
        Assert.Equal(1 - TwoSidedSmoothing.Amount, TwoSidedSmoothing.Targets(ones(1)).item<float>(), 1e-6);
        Assert.Equal(TwoSidedSmoothing.Amount, TwoSidedSmoothing.Targets(zeros(1)).item<float>(), 1e-6);
    }

    [Fact]
    public void Label_flipping_flips_about_the_asked_fraction_of_targets()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var flipped = LabelFlipping.Targets(ones(10_000));
        Assert.Equal(LabelFlipping.Probability, 1 - flipped.mean().item<float>(), 0.02);
    }

    [Fact]
    public void Instance_noise_is_annealed_to_nothing()
    {
        using var scope = NewDisposeScope();
        var input = ones(64, 2);
        Assert.False(NoisyInstances.Noise(input, 0).equal(input).all().item<bool>());
        Assert.True(NoisyInstances.Noise(input, NoisyInstances.AnnealSteps).equal(input).all().item<bool>());
        using var run = TrickRun.Train(NoisyInstances.Definition, NoisyInstances.AnnealSteps + 5);
        Assert.All(run.Readings, r => Assert.True(double.IsFinite(r.Discriminator)));
    }

    [Theory]
    [InlineData("test-projection")]
    [InlineData("test-label-concat")]
    [InlineData("test-ac-gan")]
    public void Conditional_generators_use_the_label(string name)
    {
        using var run = TrickRun.Train(Named(name), 10);
        using var scope = NewDisposeScope();
        manual_seed(7);
        var first = run.Session.Sample(64, full(64, 0L, dtype: ScalarType.Int64));
        manual_seed(7);
        var other = run.Session.Sample(64, full(64, 5L, dtype: ScalarType.Int64));
        Assert.True((first - other).abs().max().item<float>() > 1e-4, "class 0 and class 5 gave the same samples from the same latents");
    }

    [Fact]
    public void Conditional_experiments_refuse_unlabelled_data()
    {
        using var session = Trainer.CreateSession(Projection.Definition, SessionOptions.Cpu());
        using var data = new MixtureBatches(GaussianMixture.Ring(), new DataOptions(8, 0, CPU));
        using var scope = NewDisposeScope();
        var error = Assert.Throws<InvalidOperationException>(() => session.Step(data.Next()));
        Assert.Contains("labels", error.Message);
    }

    [Fact]
    public void Labelled_mixture_batches_label_each_point_with_its_nearest_mode()
    {
        using var data = new LabelledMixtureBatches(GaussianMixture.Ring(), new DataOptions(256, 3, CPU));
        using var scope = NewDisposeScope();
        var batch = data.Next();
        var nearest = cdist(batch.Real, GaussianMixture.Ring().MeansTensor()).argmin(1);
        Assert.Equal(8, data.Classes);
        Assert.True(nearest.equal(batch.Labels!).all().item<bool>());
    }

    [Fact]
    public void AC_GAN_discriminator_learns_to_classify_the_modes()
    {
        using var run = TrickRun.Train(AuxiliaryClassifierGan.Definition, 30);
        var discriminator = (AuxiliaryClassifierDiscriminator)run.Session.Networks.Single(n => n.Name == "discriminator").Module;
        using var scope = NewDisposeScope();
        var batch = run.Data.Next();
        using var noGrad = no_grad();
        var accuracy = discriminator.call(batch.Real).ClassLogits.argmax(1).eq(batch.Labels!).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(accuracy > 0.5, $"class accuracy {accuracy} after 30 steps (chance is 0.125)");
    }

    [Theory]
    [InlineData("test-denoising-l1")]
    [InlineData("test-denoising-l2")]
    [InlineData("test-denoising-perceptual")]
    public void Reconstruction_losses_pull_the_translation_towards_the_clean_target(string name)
    {
        var experiment = Named(name);
        using var run = TrickRun.Train(experiment, 1);
        using var scope = NewDisposeScope();
        using var probe = experiment.CreateData!(new DataOptions(512, 99, CPU));
        var pairs = probe.Next();
        double Error() => Functional.Tricks.Reconstruction.L1(Translate(run.Session, pairs.Source!), pairs.Real).item<float>();
        var before = Error();
        run.More(30);
        Assert.True(Error() < before, $"L1 to the clean points went from {before} to {Error()}");
        Assert.False(run.Session.CanSample);
        Assert.Empty(Trainer.Evaluate(run.Session, 10));
    }

    static Tensor Translate(GanSession session, Tensor source) => session switch
    {
        DenoisingL1.Session s => s.Translate(source, averaged: false),
        DenoisingL2.Session s => s.Translate(source, averaged: false),
        DenoisingPerceptual.Session s => s.Translate(source, averaged: false),
        _ => throw new ArgumentException(session.GetType().Name),
    };

    [Fact]
    public void Perceptual_loss_network_stays_frozen_while_the_generator_trains()
    {
        using var run = TrickRun.Train(DenoisingPerceptual.Definition, 1);
        // The session keeps the frozen network to itself (it is no trained network, so no checkpoint holds it).
        var frozen = (Sequential)typeof(DenoisingPerceptual.Session)
            .GetField("frozenNetwork", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(run.Session)!;
        var before = frozen.parameters().Select(p => p.detach().clone()).ToArray();
        run.More(5);
        Assert.False(frozen.training);
        Assert.All(frozen.parameters(), p => Assert.False(p.requires_grad));
        Assert.All(frozen.parameters().Zip(before), pair => Assert.True(pair.Item1.equal(pair.Item2).all().item<bool>()));
        Assert.DoesNotContain(run.Session.Networks, n => ReferenceEquals(n.Module, frozen));
    }

    [Theory]
    [InlineData("test-lazy-r1")]
    [InlineData("test-batchnorm-generator")]
    [InlineData("test-denoising-l2")]
    public void Averaged_generator_differs_from_the_live_one_after_training(string name)
    {
        using var run = TrickRun.Train(Named(name), Steps);
        var live = run.Session.Networks.Single(n => n.Name == "generator").Module;
        var average = run.Session.Networks.Single(n => n.Name == "averaged_generator").Module;
        var difference = live.parameters().Zip(average.parameters(), (l, a) => (l - a).abs().max().item<float>()).Max();
        Assert.True(difference > 1e-6, "the average equals the live generator");
        Assert.All(average.parameters(), p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void Averaged_generator_copies_batchnorm_statistics_instead_of_averaging_them()
    {
        using var run = TrickRun.Train(BatchNormGenerator.Definition, Steps);
        var live = run.Session.Networks.Single(n => n.Name == "generator").Module;
        var average = run.Session.Networks.Single(n => n.Name == "averaged_generator").Module;
        var liveBuffers = live.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        Assert.NotEmpty(liveBuffers);
        Assert.All(average.named_buffers(), b => Assert.True(b.buffer.equal(liveBuffers[b.name]).all().item<bool>(), b.name));
    }

    [Fact]
    public void Lazy_R1_experiment_reports_mixture_metrics()
    {
        using var run = TrickRun.Train(LazyR1.Definition, 5);
        var metrics = Trainer.Evaluate(run.Session, LazyR1.Definition.MetricSamples);
        Assert.Equal([MixtureMetrics.ModesCovered, MixtureMetrics.HighQuality, MixtureMetrics.ReverseKl], metrics.Select(m => m.Name));
    }

    [Fact]
    public void A_penalized_discriminator_with_batchnorm_is_refused_when_the_session_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() => Trainer.CreateSession(BatchNormPenalized.Definition, SessionOptions.Cpu()));
        Assert.Contains("BatchNorm", error.Message);
        Assert.Contains("R1", error.Message);
    }

    static double Entropy(double p) => -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p));
}
