namespace Functional.Native;

/// <summary>
/// How libtorch's OpenMP threads wait between parallel regions, and who chose it. libgomp reads
/// <c>OMP_WAIT_POLICY</c> once, when it loads with libtorch, so it is set (in libc's environment)
/// before the first call into torch. Unset, libgomp spins for a while at every barrier; on a
/// small shared machine a spinning thread takes the core from the thread with the work, which
/// made a 2-D MLP run 30 times slower (docs/benchmarks.md, "Threads"). Passive waiting sleeps at
/// once and costs a wake-up per region, which is noise next to work worth splitting.
/// </summary>
public sealed record OpenMpWaitPolicy(string Policy, string Origin)
{
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>passive (the default), active, or default (leave libgomp's own spin-then-sleep).</summary>
    public const string ChoiceVariable = "FUNCTIONAL_WAIT_POLICY";

    public override string ToString() => $"{Policy} ({Origin})";

    /// <summary>
    /// Sets OMP_WAIT_POLICY unless the user did, before libtorch loads; says what applies when it
    /// was too late (libtorch, and with it libgomp, already loaded).
    /// </summary>
    internal static OpenMpWaitPolicy ApplyBeforeLoad()
    {
        if (NativeEnvironment.Get(Variable) is { } set) return new(set.ToLowerInvariant(), $"from {Variable}");
        if (OpenMpLoaded())
            return new("libgomp's default (spin, then sleep)", "libtorch was loaded before Functional could set it: call TorchRuntime.Initialize first, or set OMP_WAIT_POLICY");
        var choice = (Environment.GetEnvironmentVariable(ChoiceVariable) ?? "passive").Trim().ToLowerInvariant();
        switch (choice)
        {
            case "default":
                return new("libgomp's default (spin, then sleep)", $"{ChoiceVariable}=default");
            case "active" or "passive":
                NativeEnvironment.SetIfUnset(Variable, choice.ToUpperInvariant());
                return new(choice, choice == "passive" ? "chosen by Functional" : $"{ChoiceVariable}=active");
            default:
                NativeEnvironment.SetIfUnset(Variable, "PASSIVE");
                return new("passive", $"chosen by Functional; {ChoiceVariable}='{choice}' is not passive, active or default, so it was ignored");
        }
    }

    static bool OpenMpLoaded()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try { return File.ReadLines("/proc/self/maps").Any(line => line.Contains("libgomp", StringComparison.Ordinal)); }
        catch (IOException) { return false; }
    }
}
