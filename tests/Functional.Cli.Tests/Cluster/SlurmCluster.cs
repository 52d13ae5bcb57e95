using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Functional.Cli.Tests.Cluster;

/// <summary>
/// A real one-node Slurm cluster in a temporary folder, for the sweep tests: munged with a key of
/// its own, slurmctld and slurmd (Debian 12's slurm-wlm) with a generated slurm.conf that names this
/// host, on ports of their own, so that it shares nothing with a cluster this machine may run. The
/// daemons run in the foreground as this process's children and are stopped, by their process, when
/// the tests are done. Root is needed (slurmd starts each task as its user); CI runs as root.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    readonly List<Launched> daemons = [];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "functional-slurm-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Why the cluster cannot run here, or null.</summary>
    public string? Missing { get; }

    public string Config => Path.Combine(Root, "slurm.conf");

    public SlurmCluster()
    {
        Missing = OperatingSystem.IsLinux() ? Why() : "Slurm runs on Linux";
        if (Missing is not null || !OperatingSystem.IsLinux()) return;
        try { Start(); }
        catch
        {
            Dispose();
            throw;
        }
    }

    static string? Why()
    {
        var programs = new[] { "munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "sinfo" };
        if (programs.FirstOrDefault(p => Mpi.Which(p) is null) is { } absent)
            return $"Slurm's {absent} not found: install slurm-wlm and munge (apt-get install slurm-wlm munge; .ci/run does)";
        if (System.Environment.UserName != "root")
            return "starting slurmd needs root (CI runs as root)";
        return null;
    }

    /// <summary>The environment of a Slurm client (sbatch, squeue, the CLI) that talks to this cluster.</summary>
    public Dictionary<string, string> Environment() => new() { ["SLURM_CONF"] = Config };

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    void Start()
    {
        foreach (var folder in new[] { "munge", "state", "spool", "log" }) Directory.CreateDirectory(Path.Combine(Root, folder));
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var key = Path.Combine(Root, "munge", "munge.key");
        File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024));
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Combine(Root, "munge"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var socket = Path.Combine(Root, "munge", "munge.socket");
        daemons.Add(Launched.Start(Mpi.Which("munged")!, ["--foreground", "--force", $"--socket={socket}", $"--key-file={key}",
            $"--log-file={Path.Combine(Root, "log", "munged.log")}", $"--pid-file={Path.Combine(Root, "munge", "munged.pid")}",
            $"--seed-file={Path.Combine(Root, "munge", "munged.seed")}"]));
        WaitFor(() => File.Exists(socket), 30, "munged's socket");

        var host = System.Net.Dns.GetHostName().Split('.')[0];
        var (controller, node) = (FreePort(), FreePort());
        File.WriteAllText(Config, $"""
            ClusterName=functional-test
            SlurmctldHost={host}(127.0.0.1)
            SlurmctldPort={controller}
            SlurmdPort={node}
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket={socket}
            SlurmUser=root
            SlurmdUser=root
            StateSaveLocation={Path.Combine(Root, "state")}
            SlurmdSpoolDir={Path.Combine(Root, "spool")}
            SlurmctldPidFile={Path.Combine(Root, "slurmctld.pid")}
            SlurmdPidFile={Path.Combine(Root, "slurmd.pid")}
            SlurmctldLogFile={Path.Combine(Root, "log", "slurmctld.log")}
            SlurmdLogFile={Path.Combine(Root, "log", "slurmd.log")}
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            SchedulerType=sched/builtin
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            MpiDefault=none
            ReturnToService=2
            KillWait=10
            MinJobAge=300
            NodeName={host} NodeAddr=127.0.0.1 CPUs={System.Environment.ProcessorCount} RealMemory=500 State=UNKNOWN
            PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP

            """);
        daemons.Add(Launched.Start(Mpi.Which("slurmctld")!, ["-D", "-c", "-f", Config], Environment()));
        WaitFor(() => Client("scontrol", "ping").Contains("UP", StringComparison.Ordinal), 60, "slurmctld to answer");
        daemons.Add(Launched.Start(Mpi.Which("slurmd")!, ["-D", "-f", Config, "-N", host], Environment()));
        WaitFor(() => Client("sinfo", "-h", "-o", "%T").Trim() == "idle", 60, "the node to be idle");
    }

    /// <summary>A Slurm client command's output (a bounded wait).</summary>
    public string Client(string program, params string[] arguments)
    {
        using var client = Launched.Start(Mpi.Which(program)!, arguments, Environment());
        client.Wait(60);
        return client.Output;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    void WaitFor(Func<bool> condition, double seconds, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"waited {seconds} s for {what}; the daemons said:\n{string.Join("\n", daemons.Select(d => d.Output))}\n{Logs()}");
            Thread.Sleep(200);
        }
    }

    public string Logs() =>
        string.Join("\n", Directory.Exists(Path.Combine(Root, "log"))
            ? Directory.GetFiles(Path.Combine(Root, "log")).Select(f => $"--- {Path.GetFileName(f)}\n{string.Join("\n", File.ReadLines(f).TakeLast(30))}")
            : []);

    /// <summary>Stops every daemon it started (slurmd first: it ends the tasks it runs), then removes the folder.</summary>
    public void Dispose()
    {
        // Tasks first, so that no cell outlives the daemons.
        if (daemons.Count == 3)
        {
            Client("scancel", "--user=root");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && Client("squeue", "-h").Trim().Length > 0) Thread.Sleep(500);
        }
        for (var i = daemons.Count - 1; i >= 0; i--) daemons[i].Dispose();
        daemons.Clear();
        try { if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
