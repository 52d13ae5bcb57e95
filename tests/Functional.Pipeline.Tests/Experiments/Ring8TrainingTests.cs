using Functional.Data;
using Functional.Examples.Mixtures;
using Functional.Metrics;
using Functional.Training;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Functional.Tests.Experiments;

[Trait("Category", "Training")]
public sealed class Ring8TrainingTests(ITestOutputHelper output)
{
    // The plain GAN's trajectory on the ring is chaotic: one seed's outcome differs between CPUs
    // (AVX2 and AVX-512 kernels round differently), and most seeds of the plain GAN cover no mode
    // in a few thousand steps (docs/benchmarks.md: 0.4 ± 0.5 at 3,000). What the library promises
    // is the difference its tricks make, so that is what is asserted, over two seeds and with
    // margins far inside the gap measured over ten (0.7 % against 86 % high quality).
    [Fact]
    public void The_trick_stack_beats_the_plain_gan_on_the_ring()
    {
        const int steps = 2000;
        long[] seeds = [0, 1];
        var plain = seeds.Select(seed => Train(Ring8.Definition, seed, steps)).ToArray();
        var stack = seeds.Select(seed => Train(Ring8Tricks.Definition, seed, steps)).ToArray();

        double Mean(MetricSet[] runs, string metric) => runs.Average(r => r[metric]);
        var seen = $"after {steps} steps, seeds {string.Join(", ", seeds)}: plain {string.Join("; ", plain.Select(m => m.ToString()))}; "
                 + $"trick stack {string.Join("; ", stack.Select(m => m.ToString()))}";
        output.WriteLine(seen);
        Assert.True(Mean(stack, MixtureMetrics.ModesCovered) >= Mean(plain, MixtureMetrics.ModesCovered) + 2, $"modes: {seen}");
        Assert.True(Mean(stack, MixtureMetrics.HighQuality) >= Mean(plain, MixtureMetrics.HighQuality) + 30, $"high quality: {seen}");
        Assert.True(Mean(stack, MixtureMetrics.ReverseKl) <= Mean(plain, MixtureMetrics.ReverseKl) / 4, $"reverse KL: {seen}");
    }

    static MetricSet Train(ExperimentDefinition experiment, long seed, int steps)
    {
        using var session = Trainer.CreateSession(experiment, SessionOptions.Cpu(seed));
        using var data = experiment.CreateData!(new DataOptions(BatchSize: 256, Seed: seed, CPU));
        Trainer.Train(session, data, new TrainingOptions(Steps: steps, LogEvery: 0));
        return Trainer.Evaluate(session, MixtureMetrics.ProtocolSamples);
    }

    // The default experiment of the main job: the trick stack covers every mode (docs/benchmarks.md: 8.0 ± 0.0 over seeds 0–9).
    [Fact]
    public void The_trick_stack_covers_the_ring_in_three_thousand_steps()
    {
        const int seed = 1;
        var experiment = Ring8Tricks.Definition;
        using var session = Trainer.CreateSession(experiment, SessionOptions.Cpu(seed));
        using var data = experiment.CreateData!(new DataOptions(BatchSize: 256, Seed: seed, CPU));

        var before = Trainer.Evaluate(session, MixtureMetrics.ProtocolSamples);
        Trainer.Train(session, data, new TrainingOptions(Steps: 3000, LogEvery: 0));
        var after = Trainer.Evaluate(session, MixtureMetrics.ProtocolSamples);

        var seen = $"seed {seed}, before: {before}; after 3000 steps: {after}";
        output.WriteLine(seen);
        Assert.True(after[MixtureMetrics.ModesCovered] >= 7, $"modes: {seen}");
        Assert.True(after[MixtureMetrics.HighQuality] > 50, $"high quality: {seen}");
        Assert.True(after[MixtureMetrics.ReverseKl] < before[MixtureMetrics.ReverseKl] / 4, $"reverse KL: {seen}");
    }
}
