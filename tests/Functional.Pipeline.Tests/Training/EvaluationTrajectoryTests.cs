using Functional.Data;
using Functional.Examples.Mixtures;
using Functional.Samples;
using Functional.Training;
using Functional.Tests.Support;
using Xunit;
using static TorchSharp.torch;

namespace Functional.Tests.Training;

/// <summary>
/// Evaluations and sample pictures draw their latents on a <see cref="RandomFork"/>, so a run that
/// evaluates every K steps trains exactly as one that never does.
/// </summary>
[Trait("Category", "Training")]
[Collection(GlobalGenerator.Name)]
public sealed class EvaluationTrajectoryTests
{
    const long Steps = 160;   // past ring8-tricks' 100 warm-up steps, so the generator and its average train too

    static (float[][] Weights, int Evaluations) Train(int evaluateEvery, string? pictures)
    {
        var definition = Ring8Tricks.Definition;
        using var session = Trainer.CreateSession(definition, SessionOptions.Cpu(5));
        using var data = definition.CreateData!(new DataOptions(64, 5, CPU));
        var report = Trainer.Train(session, data, new TrainingOptions(Steps, LogEvery: 10, EvaluateEvery: evaluateEvery, EvaluationSamples: 500),
            progress =>
            {
                if (pictures is not null && progress.Metrics is not null)
                    Assert.True(SamplePicture.Write(session, data, "probe", Path.Combine(pictures, $"{progress.Step}.png")).IsSucc);
            });
        var weights = session.Networks.SelectMany(n => n.Module.parameters().Concat(n.Module.buffers()))
            .Select(t => t.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray()).ToArray();
        return (weights, report.Log.Count(p => p.Metrics is not null));
    }

    [Fact]
    public void A_run_that_evaluates_every_K_steps_ends_with_the_weights_of_one_that_does_not_bit_for_bit()
    {
        using var folder = new TempFolder();
        var (evaluated, evaluations) = Train(evaluateEvery: 40, pictures: folder.Path);
        var (plain, _) = Train(evaluateEvery: 0, pictures: null);

        Assert.Equal(4, evaluations);
        Assert.Equal(4, Directory.GetFiles(folder.Path, "*.png").Length);
        Assert.Equal(plain.Length, evaluated.Length);
        for (var i = 0; i < plain.Length; i++) Assert.Equal(plain[i], evaluated[i]);
    }
}
