using Functional.Native;
using LanguageExt;
using TorchSharp;

namespace Functional.Cli;

/// <summary>libtorch loaded and the asked-for device resolved; otherwise an environment error (exit code 3) that says what to do.</summary>
public static class TorchEnvironment
{
    public static Fin<torch.Device> Open(string? libTorch, string device) =>
        TorchRuntime.Initialize(libTorch).Bind(_ => DeviceChoice.Resolve(device)).AsEnvironment();

    public static string Name(torch.Device device) => device.type.ToString().ToLowerInvariant();

    /// <summary>Sets libtorch's intra-op threads and says how many, and how they wait.</summary>
    public static void UseThreads(ThreadChoice choice, TextWriter output)
    {
        IntraOpThreads.Apply(choice);
        output.WriteLine($"Threads: {choice}; OpenMP waiting: {TorchRuntime.WaitPolicy?.ToString() ?? "libgomp's default"}.");
    }
}
