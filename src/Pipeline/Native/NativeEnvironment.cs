using System.Runtime.InteropServices;

namespace Functional.Native;

/// <summary>
/// The C library's environment, which native code reads with <c>getenv</c>. On Linux and macOS
/// .NET keeps its own copy: <see cref="Environment.SetEnvironmentVariable(string, string?)"/> does
/// not reach libgomp or MKL, so variables they read when they load are set here, in libc.
/// </summary>
public static partial class NativeEnvironment
{
    /// <summary>The variable as native code sees it; null when unset.</summary>
    public static string? Get(string name) =>
        OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable(name) : Marshal.PtrToStringUTF8(getenv(name));

    /// <summary>Sets the variable for native code (and for .NET), unless it is already set.</summary>
    public static void SetIfUnset(string name, string value)
    {
        if (Get(name) is not null) return;
        if (!OperatingSystem.IsWindows() && setenv(name, value, 0) != 0)
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        Environment.SetEnvironmentVariable(name, value);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getenv(string name);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);
}
