using System.Runtime.InteropServices;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using TorchSharp;

namespace Functional.Native;

/// <summary>
/// Loads libtorch once, before anything touches a tensor, and turns a failed load into one line
/// that says what to do. An external libtorch (say the torch/lib folder of a CUDA build of PyTorch)
/// is preloaded by full path, so no LD_LIBRARY_PATH is needed.
/// </summary>
public static class TorchRuntime
{
    public const string LibTorchVariable = "FUNCTIONAL_LIBTORCH";

    static readonly object Gate = new();
    static Fin<Unit>? loaded;
    static OpenMpWaitPolicy? waitPolicy;

    /// <summary>How libtorch's OpenMP threads wait, as set before it loaded (null before <see cref="Initialize"/>).</summary>
    public static OpenMpWaitPolicy? WaitPolicy => waitPolicy;

    /// <summary>Loads TorchSharp's native side; <paramref name="libTorchFolder"/> falls back to FUNCTIONAL_LIBTORCH.</summary>
    public static Fin<Unit> Initialize(string? libTorchFolder = null)
    {
        lock (Gate)
        {
            if (loaded is { } done) return done;
            // Before anything loads libgomp: it reads its environment once, at load.
            waitPolicy = OpenMpWaitPolicy.ApplyBeforeLoad();
            var folder = string.IsNullOrWhiteSpace(libTorchFolder)
                ? Environment.GetEnvironmentVariable(LibTorchVariable)
                : libTorchFolder;
            var result = string.IsNullOrWhiteSpace(folder)
                ? Probe()
                : PreloadExternal(folder!).Bind(_ => Probe());
            loaded = result;
            return result;
        }
    }

    /// <summary>Throws a one-line exception when libtorch cannot load; for callers outside the CLI.</summary>
    public static void EnsureLoaded(string? libTorchFolder = null) =>
        Initialize(libTorchFolder).IfFail(e => throw new InvalidOperationException(e.Message));

    static Fin<Unit> Probe()
    {
        try
        {
            // The first call into torch loads the native backend; the CUDA device type is
            // initialised only where a CUDA libtorch is present.
            _ = torch.cuda.is_available();
            return unit;
        }
        catch (Exception e)
        {
            return Error.New(Explain(e));
        }
    }

    static Fin<Unit> PreloadExternal(string folder)
    {
        if (!Directory.Exists(folder))
            return Error.New($"libtorch folder '{folder}' (from --libtorch or {LibTorchVariable}) does not exist.");
        var names = OperatingSystem.IsWindows()
            ? new[] { "c10.dll", "c10_cuda.dll", "torch_cpu.dll", "torch_cuda.dll", "torch.dll" }
            : OperatingSystem.IsMacOS()
                ? new[] { "libc10.dylib", "libtorch_cpu.dylib", "libtorch.dylib" }
                : new[] { "libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so" };
        var core = Path.Combine(folder, names[0]);
        if (!File.Exists(core))
            return Error.New($"libtorch folder '{folder}' has no {names[0]}; point --libtorch or {LibTorchVariable} at the folder that holds libtorch's shared libraries (for PyTorch: site-packages/torch/lib).");
        foreach (var name in names)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path)) continue;
            try { NativeLibrary.Load(path); }
            catch (Exception e) { return Error.New($"could not load {path}: {FirstLine(e)}"); }
        }
        return unit;
    }

    /// <summary>TorchSharp's own message is a 40-line load trace; this is the line that matters and the remedy.</summary>
    internal static string Explain(Exception e)
    {
        var all = Flatten(e);
        if (all.Contains("GLIBCXX_3.4.32", StringComparison.Ordinal))
            return "TorchSharp's native library needs GLIBCXX_3.4.32, which this system's libstdc++ lacks: "
                 + "rebuild with 'dotnet build' so that the build patches libLibTorchSharp.so in the output folder (build/LibTorchSharpPatch.targets, also in the Functional.Pipeline package), "
                 + "or install a libstdc++ from GCC 13 or newer.";
        if (all.Contains("libtorch", StringComparison.OrdinalIgnoreCase) || all.Contains("LibTorchSharp", StringComparison.Ordinal))
            return "TorchSharp could not load libtorch: reference a libtorch package (libtorch-cpu-linux-x64, -win-x64 or -osx-arm64 for the CPU; "
                 + "TorchSharp-cuda-linux or -windows for CUDA; in the Functional repository, build with the default -p:TorchBackend=cpu), "
                 + $"or point --libtorch / {LibTorchVariable} at a libtorch folder such as a PyTorch install's torch/lib.";
        return "TorchSharp could not load its native library: " + FirstLine(e);
    }

    static string Flatten(Exception e)
    {
        var text = new System.Text.StringBuilder();
        for (var x = e; x is not null; x = x.InnerException) text.AppendLine(x.Message);
        return text.ToString();
    }

    static string FirstLine(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        var message = inner.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
