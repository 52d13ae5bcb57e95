using Functional.Data;
using Functional.Tests.Support;
using Functional.Tests.TrickExperiments;
using Functional.Training;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

/// <summary>The [Augmentation] role in a generated session: ADA's probability follows the discriminator's overfitting, and checkpoints keep it.</summary>
[Trait("Category", "Training")]
[Collection(GlobalGenerator.Name)]
public sealed class AugmentationSessionTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("functional-augment-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static void Train(GanSession session, IBatchSource data, int steps)
    {
        for (var i = 0; i < steps; i++)
            using (NewDisposeScope()) session.Step(data.Next());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_discriminator_that_overfits_raises_p_and_p_stays_a_probability(long seed)
    {
        using var session = Trainer.CreateSession(AugmentedImages.Definition, SessionOptions.Cpu(seed));
        using var data = AugmentedImages.Definition.CreateData!(new DataOptions(AugmentedImages.Count, seed, CPU));
        var augmentation = session.Augmentation!;
        Assert.Equal(0, augmentation.Probability);
        var seen = new List<double>();
        for (var i = 0; i < 150; i++)
        {
            Train(session, data, 1);
            seen.Add(augmentation.Probability);
        }
        // Sixteen images are told from the generator's at once: r_t goes above 0.6 and p rises,
        // until the augmentation makes real images hard enough to hold r_t near the target.
        Assert.All(seen, p => Assert.InRange(p, 0, 1));
        Assert.True(seen.Max() >= 0.2, $"p never rose above {seen.Max():0.###}; r_t was {augmentation.Signal}");
        Assert.InRange(augmentation.Signal!.Value, -1, 1);
    }

    [Fact]
    public void A_checkpoint_keeps_p_and_the_signal_and_the_run_continues_bit_for_bit()
    {
        using var straight = Trainer.CreateSession(AugmentedImages.Definition, SessionOptions.Cpu(3));
        using var straightData = AugmentedImages.Definition.CreateData!(new DataOptions(AugmentedImages.Count, 3, CPU));
        Train(straight, straightData, 30);
        var path = Path.Combine(folder, "step30.ckpt");
        Assert.True(Checkpoint.Save(straight, straightData, "test-augmented-images", "{}", path).IsSucc);
        Assert.Equal(straight.Augmentation!.State, Checkpoint.ReadHeader(path).Match(h => h.Augmentation, _ => null));

        using var resumed = Trainer.CreateSession(AugmentedImages.Definition, SessionOptions.Cpu(11));
        using var resumedData = AugmentedImages.Definition.CreateData!(new DataOptions(AugmentedImages.Count, 11, CPU));
        Assert.True(Checkpoint.Load(resumed, resumedData, "test-augmented-images", path).IsSucc);
        Assert.Equal(straight.Augmentation.State, resumed.Augmentation!.State);

        Train(straight, straightData, 12);
        Train(resumed, resumedData, 12);
        Assert.Equal(straight.Augmentation.State, resumed.Augmentation.State);
        var expected = straight.Networks.SelectMany(n => n.Module.parameters()).Select(p => p.detach().data<float>().ToArray()).ToArray();
        var actual = resumed.Networks.SelectMany(n => n.Module.parameters()).Select(p => p.detach().data<float>().ToArray()).ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
    }

    [Fact]
    public void A_checkpoint_without_augmentation_state_is_refused_by_an_augmented_experiment()
    {
        using var plain = Trainer.CreateSession(PlainImages.Definition, SessionOptions.Cpu(1));
        using var plainData = PlainImages.Definition.CreateData!(new DataOptions(AugmentedImages.Count, 1, CPU));
        var path = Path.Combine(folder, "plain.ckpt");
        Assert.True(Checkpoint.Save(plain, plainData, "test-augmented-images", "{}", path).IsSucc);

        using var session = Trainer.CreateSession(AugmentedImages.Definition, SessionOptions.Cpu(1));
        using var data = AugmentedImages.Definition.CreateData!(new DataOptions(AugmentedImages.Count, 1, CPU));
        var loaded = Checkpoint.Load(session, data, "test-augmented-images", path);
        Assert.Contains("holds no augmentation state", loaded.Match(_ => "loaded", e => e.Message));
        Assert.Equal(0, session.DiscriminatorSteps);
    }
}
