using System.Diagnostics;
using Functional.Training;
using Xunit;

namespace Functional.Cli.Tests;

/// <summary>A real kill (SIGKILL) during training, with a checkpoint written every step: the newest checkpoint always loads.</summary>
public sealed class KillTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "functional-kill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void Killing_the_process_mid_write_leaves_a_usable_checkpoint()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "functional.dll");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var output = Path.Combine(root, attempt.ToString());
            var start = new ProcessStartInfo("dotnet", [cli, "train", "ring8", "--steps", "100000", "--batch-size", "16",
                "--device", "cpu", "--out", output, "--checkpoint-every", "1", "--keep", "2", "--log-every", "1000", "--eval-every", "0"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && CheckpointCount(output) < 2 + attempt * 3) Thread.Sleep(20);
            Thread.Sleep(7 * attempt);
            process.Kill(entireProcessTree: true);
            process.WaitForExit();

            var run = Directory.GetDirectories(output).Single();
            var latest = Checkpoints.Latest(run);
            Assert.True(latest.IsSucc, "no checkpoint after the kill");
            var header = Checkpoint.ReadHeader((string)latest);
            Assert.True(header.IsSucc, header.Match(_ => "", e => e.Message));
            Assert.True(((CheckpointHeader)header).DiscriminatorSteps >= 1);
        }
    }

    static int CheckpointCount(string output) =>
        Directory.Exists(output)
            ? Directory.GetDirectories(output).Sum(run => Checkpoints.List(run).Count)
            : 0;
}
