using Functional.Examples.Mixtures;
using Functional.Native;
using Functional.Tests.Support;
using Functional.Training;
using LanguageExt;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Native;

// One test compares draws of torch's global generator, which training tests running in parallel would take from.
[Collection(GlobalGenerator.Name)]
public sealed class IntraOpThreadsTests
{
    static readonly LayerWork Small = new(Calls: 4, MultiplyAdds: 34e6, Typical: 16.5e6);
    static readonly LayerWork Large = new(Calls: 5, MultiplyAdds: 900e6, Typical: 250e6);

    static ThreadChoice Chosen(Fin<ThreadChoice> choice) => choice.Match(c => c, e => throw new Xunit.Sdk.XunitException(e.Message));

    [Fact]
    public void Small_layers_get_one_thread_and_large_ones_one_per_core()
    {
        Assert.Equal(1, IntraOpThreads.ForWork(Small, cores: 2).Threads);
        Assert.Equal(2, IntraOpThreads.ForWork(Large, cores: 2).Threads);
        Assert.Equal(16, IntraOpThreads.ForWork(Large, cores: 16).Threads);
        Assert.Equal(1, IntraOpThreads.ForWork(Large, cores: 1).Threads);
        Assert.Contains("16.5 M multiply-adds", IntraOpThreads.ForWork(Small, cores: 2).Reason);
    }

    [Fact]
    public void Unmeasured_work_gets_one_thread_per_core()
    {
        var choice = IntraOpThreads.ForWork(LayerWork.None, cores: 2);
        Assert.Equal(2, choice.Threads);
        Assert.Contains("could not be measured", choice.Reason);
    }

    [Fact]
    public void A_requested_count_wins_and_a_bad_one_is_refused()
    {
        Assert.Equal(3, Chosen(IntraOpThreads.Choose(3, () => Small, cores: 2)).Threads);
        var refused = IntraOpThreads.Choose(0, () => Small, cores: 2);
        Assert.True(refused.IsFail);
        Assert.Contains("--threads 0", refused.Match(_ => "", e => e.Message));
    }

    [Fact]
    public void The_work_is_measured_only_when_nothing_was_asked_for()
    {
        var measured = false;
        Chosen(IntraOpThreads.Choose(2, () => { measured = true; return Small; }, cores: 2));
        Assert.False(measured);
    }

    [Fact]
    public void The_ring_generator_is_small_work()
    {
        using var session = Trainer.CreateSession(Ring8Tricks.Definition, SessionOptions.Cpu());
        var work = LayerWork.Measure(session, batchSize: 256);

        // (8 + 8) → 256 → 256 → 256 → 2 (the latent and its 8-category code): two 256×256 layers of 16.8 M multiply-adds at batch 256 dominate.
        Assert.Equal(4, work.Calls);
        Assert.Equal(256.0 * (16 * 256 + 256 * 256 * 2 + 256 * 2), work.MultiplyAdds);
        Assert.InRange(work.Typical, 15e6, 17e6);
        Assert.Equal(1, IntraOpThreads.ForWork(work, cores: 2).Threads);
    }

    [Fact]
    public void Measuring_the_work_does_not_change_the_random_numbers_training_draws()
    {
        using var session = Trainer.CreateSession(Ring8Tricks.Definition, SessionOptions.Cpu(3));
        using var ownBefore = session.Random.get_state();
        using var globalBefore = random.get_rng_state();
        LayerWork.Measure(session, batchSize: 16);
        using var ownAfter = session.Random.get_state();
        using var globalAfter = random.get_rng_state();
        Assert.True(ownBefore.equal(ownAfter).all().item<bool>(), "the session's own stream moved");
        Assert.True(globalBefore.equal(globalAfter).all().item<bool>(), "torch's global generator moved");
    }

    [Fact]
    public void The_C_library_sees_a_variable_set_for_native_code()
    {
        var name = "FUNCTIONAL_TEST_" + Guid.NewGuid().ToString("N");
        NativeEnvironment.SetIfUnset(name, "first");
        NativeEnvironment.SetIfUnset(name, "second");   // set already: kept
        Assert.Equal("first", NativeEnvironment.Get(name));
        Assert.Equal("first", Environment.GetEnvironmentVariable(name));
    }

    [Fact]
    public void OpenMP_waits_passively_unless_the_user_said_otherwise()
    {
        var policy = TorchRuntime.WaitPolicy;
        Assert.NotNull(policy);
        if (Environment.GetEnvironmentVariable(OpenMpWaitPolicy.Variable) is { } user && policy!.Origin.StartsWith("from", StringComparison.Ordinal))
            Assert.Equal(user.ToLowerInvariant(), policy.Policy);
        else if (Environment.GetEnvironmentVariable(OpenMpWaitPolicy.ChoiceVariable) is null)
        {
            Assert.Equal("passive", policy!.Policy);
            Assert.Equal("PASSIVE", NativeEnvironment.Get(OpenMpWaitPolicy.Variable));
        }
    }
}
