using System.Runtime.CompilerServices;
using TorchSharp;

namespace Functional.Cli.Tests;

internal static class SingleThreadedTorch
{
    /// <summary>
    /// Test classes run in parallel on 2 cores; one intra-op thread each avoids oversubscription.
    /// The commands choose their own thread count for the experiment unless told, and the setting
    /// is the process's, so the tests tell them through FUNCTIONAL_THREADS.
    /// </summary>
    [ModuleInitializer]
    internal static void UseOneIntraOpThread()
    {
        Environment.SetEnvironmentVariable(Functional.Native.IntraOpThreads.Variable, "1");
        Functional.Native.TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
    }
}
