using System.Diagnostics;
using System.Text;

namespace Functional.Packaging.Tests;

/// <summary>What a finished <c>dotnet</c> command printed, stdout and stderr interleaved.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>For assertion messages: the command, how it ended, and everything it printed.</summary>
    public override string ToString() =>
        $"$ {CommandLine}\n(exit code {ExitCode} after {Elapsed.TotalSeconds:0.0} s)\n{Output}";
}

/// <summary>
/// Runs the dotnet CLI as a child process that leaves nothing behind: no MSBuild node or compiler
/// server outlives it (either would hold the output pipes open), and no MSBuild variable of the
/// test host's own build leaks into it.
/// </summary>
public static class DotnetCommand
{
    public static readonly string[] BuildSwitches = ["-nodeReuse:false", "-p:UseSharedCompilation=false", "-tl:off"];

    public static CommandResult Run(string workingDirectory, TimeSpan timeout, string[] arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.ToList())
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)) start.Environment.Remove(name);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var output = new StringBuilder();
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
        }

        var commandLine = "dotnet " + string.Join(' ', arguments);
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) return new CommandResult(commandLine, -1, output + $"\n(killed: still running after {timeout.TotalSeconds:0} s)", clock.Elapsed);
        }
        process.WaitForExit();   // drains the output readers
        lock (output) return new CommandResult(commandLine, process.ExitCode, output.ToString(), clock.Elapsed);
    }
}
