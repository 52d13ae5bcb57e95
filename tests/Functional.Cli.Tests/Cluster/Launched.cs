using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Xunit;

namespace Functional.Cli.Tests.Cluster;

/// <summary>
/// A process the cluster tests start (the CLI, mpirun, a Slurm daemon or client), its output
/// collected as it comes, with a bound on every wait: a test never hangs on a process.
/// </summary>
internal sealed class Launched : IDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> lines = new();
    readonly StringBuilder all = new();

    Launched(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    void Add(string? line)
    {
        if (line is null) return;
        lines.Enqueue(line);
        lock (all) all.AppendLine(line);
    }

    /// <summary>The CLI's own entry assembly, beside the tests.</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "functional.dll");

    public static Launched Start(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? directory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return new Launched(Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}"));
    }

    /// <summary>The assembly of the cluster tests' own experiments, which the CLI reads through FUNCTIONAL_EXPERIMENTS.</summary>
    public static string Probes => Path.Combine(AppContext.BaseDirectory, "Functional.Cluster.Probes.dll");

    /// <summary>The environment the CLI runs in under the cluster tests: the probes' experiments known.</summary>
    public static Dictionary<string, string> Environment(IDictionary<string, string>? more = null)
    {
        var environment = new Dictionary<string, string> { [ExperimentAssemblies.Variable] = Probes };
        foreach (var (name, value) in more ?? new Dictionary<string, string>()) environment[name] = value;
        return environment;
    }

    /// <summary>The CLI with <paramref name="arguments"/>, as `dotnet functional.dll …`, knowing the probes' experiments.</summary>
    public static Launched Functional(IEnumerable<string> arguments) =>
        Start("dotnet", new[] { Cli }.Concat(arguments), Environment());

    public int Id => process.Id;

    public string Output
    {
        get { lock (all) return all.ToString(); }
    }

    /// <summary>Waits up to <paramref name="seconds"/> for the process to end; the exit code, or a failed assertion with its output.</summary>
    public int Wait(double seconds)
    {
        if (!process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            Kill();
            Assert.Fail($"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)} did not end within {seconds} s; its output:\n{Output}");
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>The first line that matches, waiting up to <paramref name="seconds"/> for it; a failed assertion with the output otherwise.</summary>
    public string WaitForLine(Func<string, bool> match, double seconds, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var seen = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            while (lines.TryDequeue(out var line))
            {
                seen.Add(line);
                if (match(line)) return line;
            }
            if (process.HasExited && lines.IsEmpty) break;
            Thread.Sleep(20);
        }
        Assert.Fail($"no line {what} within {seconds} s; the output:\n{Output}");
        return "";
    }

    public bool HasExited => process.HasExited;

    public void Kill()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
