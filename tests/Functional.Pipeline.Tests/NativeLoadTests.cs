using TorchSharp;
using Xunit;

namespace Functional.Tests;

public sealed class NativeLoadTests
{
    [Fact]
    public void Libtorch_loads_and_computes()
    {
        Functional.Native.TorchRuntime.EnsureLoaded();
        using var t = torch.ones(3, 3);
        Assert.Equal(9f, t.sum().item<float>());
    }
}
