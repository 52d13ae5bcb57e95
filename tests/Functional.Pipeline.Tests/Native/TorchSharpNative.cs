using Functional.Build;
using Xunit;

namespace Functional.Tests.Native;

/// <summary>Where TorchSharp's native wrapper lies: in the NuGet package cache, and in this test's output folder.</summary>
internal static class TorchSharpNative
{
    const string RelativePath = "runtimes/linux-x64/native/libLibTorchSharp.so";

    public static string PackageRoot =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root
            ? root
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The package cache's libLibTorchSharp.so, which nothing may ever edit.</summary>
    public static string InPackageCache => Path.Combine(PackageRoot, "torchsharp", "0.107.0", RelativePath);

    /// <summary>The copy the build put next to the tests (and patched, where the system needs it).</summary>
    public static string InOutput => Path.Combine(AppContext.BaseDirectory, RelativePath);
}

/// <summary>
/// A fact that needs TorchSharp 0.107.0's Linux native library in the package cache, and, with
/// <see cref="OnlyWhereLibStdCppLacksTheVersion"/>, a system libstdc++ without GLIBCXX_3.4.32;
/// skipped with the reason otherwise.
/// </summary>
public sealed class NeedsTorchSharpNativeFactAttribute : FactAttribute
{
    public bool OnlyWhereLibStdCppLacksTheVersion { get; set; }

    public override string? Skip
    {
        get => base.Skip ?? WhyNot();
        set => base.Skip = value;
    }

    string? WhyNot()
    {
        if (!File.Exists(TorchSharpNative.InPackageCache))
            return $"{TorchSharpNative.InPackageCache} is absent (TorchSharp 0.107.0 for linux-x64 not restored here)";
        if (!OnlyWhereLibStdCppLacksTheVersion) return null;
        var system = ElfVersionNeeds.SystemLibStdCpp();
        if (system is null) return "no system libstdc++.so.6 found";
        return ElfVersionNeeds.Defines(File.ReadAllBytes(system), ElfVersionNeeds.MissingVersion)
            ? $"{system} defines {ElfVersionNeeds.MissingVersion}: the unpatched library loads here"
            : null;
    }
}
