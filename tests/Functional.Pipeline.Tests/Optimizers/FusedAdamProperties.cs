using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Optimizers;
using Functional.Tricks;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Optimizers;

/// <summary>Adam's options as the properties draw them.</summary>
public sealed record AdamCase(double LearningRate, double Beta1, double Beta2, double Eps, double WeightDecay, bool Amsgrad, bool Maximize, int Steps, int Seed, bool Concatenate = false)
{
    public optim.Optimizer Adam(nn.Module module) =>
        optim.Adam(module.parameters(), LearningRate, Beta1, Beta2, Eps, WeightDecay, Amsgrad, Maximize);

    /// <summary>FusedAdam reading gradients the GPU's way (one cat) or the CPU's (copies into kept buffers).</summary>
    public FusedAdam FusedAdam(nn.Module module) =>
        Functional.Optimizers.FusedAdam.WithGather(module.parameters(), Concatenate, LearningRate, Beta1, Beta2, Eps, WeightDecay, Amsgrad, Maximize);

    public override string ToString() =>
        $"lr={LearningRate} betas=({Beta1}, {Beta2}) eps={Eps} wd={WeightDecay} amsgrad={Amsgrad} maximize={Maximize} steps={Steps} seed={Seed} cat={Concatenate}";
}

public static class AdamCases
{
    public static Arbitrary<AdamCase> Cases() => Arb.From(
        from lr in Gen.Elements(1e-4, 2e-4, 1e-3, 0.1)
        from beta1 in Gen.Elements(0.0, 0.5, 0.9)
        from beta2 in Gen.Elements(0.9, 0.99, 0.999)
        from eps in Gen.Elements(1e-8, 1e-3)
        from weightDecay in Gen.Elements(0.0, 0.0, 1e-2)
        from amsgrad in Gen.Elements(false, false, true)
        from maximize in Gen.Elements(false, false, true)
        from steps in Gen.Choose(1, 6)
        from seed in Gen.Choose(0, 10_000)
        from concatenate in Gen.Elements(false, true)
        select new AdamCase(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, steps, seed, concatenate));
}

/// <summary>
/// FusedAdam is TorchSharp's Adam on flat buffers: the same parameters after any number of steps,
/// with every option, when some gradients are missing, and across a save and load of its state.
/// </summary>
[Properties(Arbitrary = [typeof(AdamCases)], MaxTest = 25)]
public sealed class FusedAdamProperties
{
    /// <summary>Parameters of several ranks (matrices, a 3-D kernel, vectors), all reached by the loss.</summary>
    static Sequential Net()
    {
        // No manual_seed: reseeding torch's global generator would shift the draws of tests running
        // beside these; networks that must start equal are copies (Twin).
        return nn.Sequential(nn.Linear(3, 7), nn.LeakyReLU(0.2), nn.Unflatten(1, [1, 7]), nn.Conv1d(1, 2, 3), nn.Flatten(), nn.Linear(10, 2));
    }

    /// <summary>
    /// A copy of <paramref name="original"/>'s weights in a new network (tests run in parallel and
    /// share torch's global generator, so networks are not seeded; see Net).
    /// </summary>
    static Sequential Twin(Sequential original)
    {
        var twin = Net();
        using var _ = no_grad();
        foreach (var (t, o) in twin.parameters().Zip(original.parameters())) t.copy_(o);
        return twin;
    }

    static float[] Values(nn.Module module) =>
        module.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    static void Train(Sequential net, optim.Optimizer optimizer, AdamCase c, Func<int, Parameter, bool>? hasGradient = null)
    {
        var generator = new Generator((ulong)c.Seed);
        for (var step = 0; step < c.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var input = randn([5, 3], generator: generator);
            foreach (var p in net.parameters()) p.grad = null;
            net.call(input).square().mean().backward();
            if (hasGradient is not null)
                foreach (var p in net.parameters())
                    if (!hasGradient(step, p)) p.grad = null;
            optimizer.step();
        }
    }

    /// <summary>
    /// The same operations on the same values, but a parameter's last few elements, which libtorch's
    /// CPU kernels run in a scalar loop (where the compiler may fuse a multiply-add) when the
    /// parameter is its own tensor, sit mid-buffer in the vectorized loop here: the two agree to
    /// float rounding, not always bit for bit.
    /// </summary>
    static void AssertSame(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: Adam gives {expected[i]:R}, FusedAdam {actual[i]:R}");
    }

    /// <summary>
    /// Trains one network with optim.Adam and a copy with FusedAdam on the same inputs, optionally
    /// dropping some gradients (<paramref name="hasGradient"/> of the network, step and parameter),
    /// and compares the weights.
    /// </summary>
    static void AssertSameTraining(AdamCase c, Func<Sequential, Func<int, Parameter, bool>>? hasGradient = null)
    {
        using var scope = NewDisposeScope();
        using var reference = Net();
        using var fused = Twin(reference);
        using var adam = c.Adam(reference);
        using var fusedAdam = c.FusedAdam(fused);

        Train(reference, adam, c, hasGradient?.Invoke(reference));
        Train(fused, fusedAdam, c, hasGradient?.Invoke(fused));

        AssertSame(Values(reference), Values(fused));
    }

    [Property]
    public void Matches_TorchSharp_Adam_to_float_rounding(AdamCase c) => AssertSameTraining(c);

    /// <summary>The first layer's weight has no gradient on odd steps, so per-parameter step counts diverge.</summary>
    [Property]
    public void Parameters_without_a_gradient_are_skipped_as_Adam_skips_them(AdamCase c) =>
        AssertSameTraining(c, net =>
        {
            var weight = net.parameters().First();
            return (step, p) => step % 2 == 0 || !ReferenceEquals(p, weight);
        });

    [Property]
    public void Saved_state_resumes_the_same_trajectory(AdamCase c)
    {
        using var scope = NewDisposeScope();
        using var straight = Net();
        using var start = Twin(straight);
        using var straightAdam = c.FusedAdam(straight);
        Train(straight, straightAdam, c);
        Train(straight, straightAdam, c with { Seed = c.Seed + 1 });

        using var first = Twin(start);
        using var firstAdam = c.FusedAdam(first);
        Train(first, firstAdam, c);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            first.save(writer);
            firstAdam.save_state_dict(writer);
        }

        stream.Position = 0;
        using var resumed = Net();
        using var resumedAdam = c.FusedAdam(resumed);
        using (var reader = new BinaryReader(stream))
        {
            resumed.load(reader);
            resumedAdam.load_state_dict(reader);
        }
        Train(resumed, resumedAdam, c with { Seed = c.Seed + 1 });

        Assert.Equal(Values(straight), Values(resumed));
    }

    [Fact]
    public void Learning_rate_changes_through_the_parameter_groups_take_effect()
    {
        using var scope = NewDisposeScope();
        using var net = Net();
        using var optimizer = new FusedAdam(net.parameters(), lr: 0.1);
        var c = new AdamCase(0.1, 0.9, 0.999, 1e-8, 0, false, false, 1, 3);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = 0;
        var before = Values(net);

        Train(net, optimizer, c);

        Assert.Equal(before, Values(net));
    }

    [Fact]
    public void Shares_the_live_generators_flat_buffer_with_the_parameter_average()
    {
        using var scope = NewDisposeScope();
        using var live = Net();
        using var average = Net();
        using var reference = Twin(live);
        using var averaged = new AveragedParameters(average, live);
        using var optimizer = new FusedAdam(live.parameters(), lr: 0.05);
        using var referenceAdam = optim.Adam(reference.parameters(), lr: 0.05);
        var c = new AdamCase(0.05, 0.9, 0.999, 1e-8, 0, false, false, 3, 1);

        Train(live, optimizer, c);
        Train(reference, referenceAdam, c);
        averaged.Update(0.0);

        Assert.True(averaged.IsFused);
        AssertSame(Values(reference), Values(live));
        Assert.Equal(Values(live), Values(average));
    }

    [Fact]
    public void Refuses_to_re_lay_parameters_a_live_buffer_holds_in_another_order()
    {
        using var scope = NewDisposeScope();
        using var net = Net();
        var parameters = net.parameters().ToArray();
        using var optimizer = new FusedAdam(parameters);

        var error = Assert.Throws<InvalidOperationException>(() => new FusedAdam(parameters.Reverse()));

        Assert.Contains("different set or order", error.Message);
    }

    [Fact]
    public void Refuses_state_saved_without_AMSGrad_when_it_runs_with_it()
    {
        using var scope = NewDisposeScope();
        using var net = Net();
        using var other = Net();
        using var plain = new FusedAdam(net.parameters());
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) plain.save_state_dict(writer);
        stream.Position = 0;
        using var amsgrad = new FusedAdam(other.parameters(), amsgrad: true);

        var error = Assert.Throws<InvalidDataException>(() => amsgrad.load_state_dict(new BinaryReader(stream)));

        Assert.Contains("AMSGrad", error.Message);
    }
}
