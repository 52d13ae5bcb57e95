namespace Functional.Cli.Tests.Cluster;

/// <summary>Open MPI's mpirun on this machine (Debian's openmpi-bin), or why a test cannot use it.</summary>
internal static class Mpi
{
    public static string? Run { get; } = Which("mpirun");

    public static string? Missing =>
        Run is null ? "mpirun not found: install openmpi-bin and libopenmpi-dev (apt-get install openmpi-bin libopenmpi-dev)"
        : !File.Exists("/usr/lib/x86_64-linux-gnu/libmpi.so.40") && Environment.GetEnvironmentVariable("FUNCTIONAL_MPI_LIBRARY") is null
            ? "Open MPI's libmpi.so.40 not found: install libopenmpi-dev (or set FUNCTIONAL_MPI_LIBRARY)"
            : null;

    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// `mpirun -np N dotnet functional.dll …` on this host: allowed as root (CI), without pinning
    /// ranks to cores (a container may not allow it), and two ranks on a 2-vCPU machine.
    /// </summary>
    public static Launched Start(int ranks, IEnumerable<string> arguments) =>
        Launched.Start(Run!, new[] { "-np", ranks.ToString(), "--oversubscribe", "--bind-to", "none", "dotnet", Launched.Cli }.Concat(arguments),
            Launched.Environment(new Dictionary<string, string> { ["OMPI_ALLOW_RUN_AS_ROOT"] = "1", ["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1" }));
}
