using System.Runtime.InteropServices;
using Functional.Native;
using Xunit;

namespace Functional.Tests.Native;

public sealed class TorchRuntimeTests
{
    // What TorchSharp throws when libLibTorchSharp.so needs a libstdc++ newer than the system's: the
    // loader's line buried in a long trace, inside a type initializer's exception.
    static Exception MissingGlibcxx() => new TypeInitializationException("TorchSharp.PInvoke.NativeMethods",
        new NotSupportedException(
            "This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, Version=2.10.0.\n\n"
            + "Consider referencing one of the combination packages TorchSharp-cpu, TorchSharp-cuda-linux, TorchSharp-cuda-windows.\n\n"
            + "Trace from LoadNativeBackend:\n\n"
            + "TorchSharp: LoadNativeBackend: Initialising native backend, useCudaBackend = False\n"
            + "    Trying to load native component LibTorchSharp\n"
            + "    Failed to load native component LibTorchSharp: /lib/x86_64-linux-gnu/libstdc++.so.6: "
            + "version `GLIBCXX_3.4.32' not found (required by /app/runtimes/linux-x64/native/libLibTorchSharp.so)\n"));

    static void AssertOneLine(string text)
    {
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain('\r', text);
    }

    [Fact]
    public void A_missing_GLIBCXX_version_is_explained_in_one_line_with_the_remedy()
    {
        var line = TorchRuntime.Explain(MissingGlibcxx());

        AssertOneLine(line);
        Assert.Contains("GLIBCXX_3.4.32", line);
        Assert.Contains("dotnet build", line);        // the build patches the output copy
        Assert.Contains("GCC 13", line);              // or a newer libstdc++
    }

    [Fact]
    public void A_missing_libtorch_is_explained_in_one_line_with_the_remedy()
    {
        var error = new TypeInitializationException("TorchSharp.PInvoke.NativeMethods",
            new NotSupportedException(
                "This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, Version=2.10.0.\n\n"
                + "Trace from LoadNativeBackend:\n    Failed to load native component libtorch: libtorch.so: cannot open shared object file\n"));

        var line = TorchRuntime.Explain(error);

        AssertOneLine(line);
        Assert.Contains("could not load libtorch", line);
        Assert.Contains("libtorch-cpu-linux-x64", line);   // an application using the package
        Assert.Contains("TorchBackend=cpu", line);          // this repository's build
        Assert.Contains(TorchRuntime.LibTorchVariable, line);
        Assert.DoesNotContain("GLIBCXX", line);
    }

    [Fact]
    public void Any_other_native_failure_keeps_the_first_line_of_the_innermost_message()
    {
        var error = new InvalidOperationException("outer",
            new DllNotFoundException("libc10.so: undefined symbol: _ZN3c104impl\nsecond line of the loader's report"));

        var line = TorchRuntime.Explain(error);

        AssertOneLine(line);
        Assert.Equal("TorchSharp could not load its native library: libc10.so: undefined symbol: _ZN3c104impl", line);
    }

    [NeedsTorchSharpNativeFact(OnlyWhereLibStdCppLacksTheVersion = true)]
    public void The_loaders_own_error_for_an_unpatched_library_is_explained_as_the_missing_version()
    {
        var folder = Directory.CreateTempSubdirectory("functional-unpatched-");
        try
        {
            var copy = Path.Combine(folder.FullName, "libLibTorchSharp.so");
            File.Copy(TorchSharpNative.InPackageCache, copy);

            // libtorch and libc10 are loaded already (the module initializer), so the loader gets as far as version checks.
            var error = Assert.ThrowsAny<Exception>(() => NativeLibrary.Load(copy));
            var line = TorchRuntime.Explain(new TypeInitializationException("TorchSharp.PInvoke.NativeMethods", error));

            Assert.Contains("GLIBCXX_3.4.32", error.Message);
            AssertOneLine(line);
            Assert.Contains("dotnet build", line);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
