using TorchSharp;

namespace Functional.Data;

/// <summary>A torch.Generator's state as bytes, for data sources' checkpoints.</summary>
public static class GeneratorState
{
    public static byte[] Get(torch.Generator generator)
    {
        using var state = generator.get_state();
        return state.data<byte>().ToArray();
    }

    public static void Set(torch.Generator generator, byte[] state)
    {
        if (state.Length == 0) return;
        using var tensor = torch.tensor(state, dtype: torch.ScalarType.Byte);
        generator.set_state(tensor);
    }
}
