using LanguageExt;
using LanguageExt.Common;
using TorchSharp;

namespace Functional.Native;

/// <summary>The --device option: auto (CUDA when present), cpu, or cuda[:index].</summary>
public static class DeviceChoice
{
    public static Fin<torch.Device> Resolve(string? choice) =>
        (choice ?? "auto").Trim().ToLowerInvariant() switch
        {
            "auto" => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
            "cpu" => torch.CPU,
            var cuda when cuda == "cuda" || cuda.StartsWith("cuda:", StringComparison.Ordinal) => Cuda(cuda),
            var other => Error.New($"--device '{other}' is not one of auto, cpu, cuda, cuda:N."),
        };

    static Fin<torch.Device> Cuda(string spec)
    {
        if (!torch.cuda.is_available())
            return Error.New($"--device {spec}: CUDA is not available here (this libtorch is CPU-only or no GPU is visible). "
                           + "Use --device cpu, or run with a CUDA libtorch (-p:TorchBackend=cuda, or --libtorch pointing at a CUDA build's torch/lib).");
        var index = spec == "cuda" ? 0 : int.TryParse(spec[5..], out var i) ? i : -1;
        var count = torch.cuda.device_count();
        return index >= 0 && index < count
            ? torch.device(DeviceType.CUDA, index)
            : Error.New($"--device {spec}: there are {count} CUDA device(s), numbered 0 to {count - 1}.");
    }
}
