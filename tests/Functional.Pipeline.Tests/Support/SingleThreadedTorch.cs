using System.Runtime.CompilerServices;
using TorchSharp;

namespace Functional.Tests.Support;

internal static class SingleThreadedTorch
{
    /// <summary>
    /// The tests use tiny tensors and xunit already runs test classes in parallel; libtorch's
    /// intra-op thread pool made a 2×2×5×5 convolution take ~5 ms instead of ~0.1 ms here.
    /// </summary>
    [ModuleInitializer]
    internal static void UseOneIntraOpThread()
    {
        Functional.Native.TorchRuntime.EnsureLoaded();
        torch.set_num_threads(1);
    }
}
