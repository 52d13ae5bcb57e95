using System.Runtime.CompilerServices;
using TorchSharp;

namespace Functional.Cli.Tests;

internal static class SingleThreadedTorch
{
    /// <summary>Test classes run in parallel on 2 cores; one intra-op thread each avoids oversubscription.</summary>
    [ModuleInitializer]
    internal static void UseOneIntraOpThread()
    {
        Functional.Native.TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
    }
}
