using static TorchSharp.torch;

namespace Functional.Tests;

/// <summary>
/// Whole-tensor comparisons that answer bool. TorchSharp's Tensor.equal is elementwise (it returns a
/// tensor, unlike PyTorch's torch.equal), so it cannot be used as a test's verdict.
/// </summary>
public static class TensorComparisons
{
    public static bool HasSameValuesAs(this Tensor actual, Tensor expected) =>
        actual.shape.SequenceEqual(expected.shape) && actual.eq(expected).all().item<bool>();
}
