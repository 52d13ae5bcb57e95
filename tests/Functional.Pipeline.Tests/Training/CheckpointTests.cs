using Functional.Data;
using Functional.Training;
using Functional.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

[Trait("Category", "Training")]
[Collection(GlobalGenerator.Name)]
public sealed class CheckpointTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("functional-ckpt-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static (GanSession Session, IBatchSource Data) Start(long seed)
    {
        var session = Trainer.CreateSession(CheckpointProbe.Definition, SessionOptions.Cpu(seed));
        return (session, CheckpointProbe.Definition.CreateData!(new DataOptions(32, seed, CPU)));
    }

    static void Train(GanSession session, IBatchSource data, int steps)
    {
        for (var i = 0; i < steps; i++)
            using (NewDisposeScope()) session.Step(data.Next());
    }

    static float[][] Weights(GanSession session) =>
        session.Networks.SelectMany(n => n.Module.parameters().Concat(n.Module.buffers()))
            .Select(t => t.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray()).ToArray();

    [Fact]
    public void N_steps_then_resume_then_M_steps_equals_N_plus_M_bit_for_bit()
    {
        var (straight, straightData) = Start(7);
        Train(straight, straightData, 25 + 18);

        var (first, firstData) = Start(7);
        Train(first, firstData, 25);
        var path = Path.Combine(folder, "step25.ckpt");
        Assert.True(Checkpoint.Save(first, firstData, "checkpoint-probe", "{}", path).IsSucc);
        first.Dispose();
        firstData.Dispose();

        var (resumed, resumedData) = Start(99);   // a different seed: everything must come from the file
        var header = Checkpoint.Load(resumed, resumedData, "checkpoint-probe", path);
        Assert.True(header.IsSucc, header.Match(_ => "", e => e.Message));
        Assert.Equal(25, resumed.DiscriminatorSteps);
        Assert.Equal(straight.GeneratorSteps > 0, resumed.GeneratorSteps > 0);
        Train(resumed, resumedData, 18);

        Assert.Equal(straight.DiscriminatorSteps, resumed.DiscriminatorSteps);
        Assert.Equal(straight.GeneratorSteps, resumed.GeneratorSteps);
        var expected = Weights(straight);
        var actual = Weights(resumed);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
    }

    [Fact]
    public void Corrupt_truncated_and_foreign_checkpoints_are_refused_without_touching_the_session()
    {
        var (session, data) = Start(1);
        Train(session, data, 5);
        var path = Path.Combine(folder, "good.ckpt");
        Assert.True(Checkpoint.Save(session, data, "checkpoint-probe", "{}", path).IsSucc);
        var bytes = File.ReadAllBytes(path);

        var corrupt = Path.Combine(folder, "corrupt.ckpt");
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(corrupt, flipped);
        var truncated = Path.Combine(folder, "truncated.ckpt");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 3)]);
        var notOne = Path.Combine(folder, "notes.txt");
        File.WriteAllText(notOne, "hello");

        var (target, targetData) = Start(2);
        var before = Weights(target);
        Assert.Contains("corrupt", Message(Checkpoint.Load(target, targetData, "checkpoint-probe", corrupt)));
        Assert.Contains("truncated", Message(Checkpoint.Load(target, targetData, "checkpoint-probe", truncated)));
        Assert.Contains("not a Functional checkpoint", Message(Checkpoint.Load(target, targetData, "checkpoint-probe", notOne)));
        Assert.Contains("from experiment 'checkpoint-probe', not 'ring8'", Message(Checkpoint.Load(target, targetData, "ring8", path)));
        Assert.Contains("does not exist", Message(Checkpoint.Load(target, targetData, "checkpoint-probe", Path.Combine(folder, "missing.ckpt"))));
        Assert.Equal(0, target.DiscriminatorSteps);
        var after = Weights(target);
        for (var i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i]);
    }

    [Fact]
    public void Saving_over_a_checkpoint_replaces_it_whole_and_leaves_no_temporary_file()
    {
        var (session, data) = Start(3);
        var path = Path.Combine(folder, "latest.ckpt");
        Assert.True(Checkpoint.Save(session, data, "checkpoint-probe", "{}", path).IsSucc);
        Train(session, data, 6);
        Assert.True(Checkpoint.Save(session, data, "checkpoint-probe", "{}", path).IsSucc);
        Assert.Equal(6, ((CheckpointHeader)Checkpoint.ReadHeader(path)).DiscriminatorSteps);
        Assert.Equal(["latest.ckpt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    static string Message<T>(LanguageExt.Fin<T> result) => result.Match(_ => "(succeeded)", e => e.Message);
}
