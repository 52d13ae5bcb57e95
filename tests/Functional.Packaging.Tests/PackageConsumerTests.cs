using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Functional.Build;
using Xunit;
using Xunit.Abstractions;

namespace Functional.Packaging.Tests;

/// <summary>
/// Packs Functional.Pipeline into a feed of its own, builds a new application against that feed in a
/// temporary folder outside the repository, and trains it: one package reference gets the generated
/// session, and TorchSharp loads (on Debian 12 thanks to the package's libLibTorchSharp.so patch).
/// </summary>
[Trait("Category", "Packaging")]
public sealed partial class PackageConsumerTests(ITestOutputHelper log) : IDisposable
{
    const int Steps = 20;
    static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    readonly DirectoryInfo work = Directory.CreateTempSubdirectory("functional-package-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public void A_new_application_referencing_the_package_compiles_an_experiment_and_trains_it()
    {
        var repository = RepositoryRoot();
        // A version no cache has seen: a stale package can never stand in for this build.
        var version = "0.0.0-test-" + Guid.NewGuid().ToString("N");
        var feed = Folder("feed");

        var pack = Run(repository, CommandTimeout,
            ["pack", Path.Combine(repository, "src", "Pipeline", "Functional.Pipeline.csproj"), "-c", "Release",
             "-o", feed, $"-p:Version={version}", "--artifacts-path", Folder("artifacts"), .. DotnetCommand.BuildSwitches]);
        Assert.True(pack.Succeeded, pack.ToString());
        var package = Path.Combine(feed, $"Functional.Pipeline.{version}.nupkg");
        Assert.True(File.Exists(package), $"no {package}\n{pack}");
        var versions = CheckContents(package);

        var machinePackages = MachinePackagesFolder();
        var packages = Folder("packages");
        var consumer = WriteConsumer(version, feed, versions.LibTorch, packages, machinePackages);
        // NUGET_PACKAGES would win over the consumer's nuget.config; it must name the test's folder too.
        var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };

        var withoutLibTorch = Run(consumer, CommandTimeout,
            ["build", "-c", "Release", "-p:WithLibTorch=false", .. DotnetCommand.BuildSwitches], isolated);
        Assert.True(withoutLibTorch.Succeeded, withoutLibTorch.ToString());
        Assert.True(withoutLibTorch.Output.Contains("warning FGANPKG001", StringComparison.Ordinal),
            $"an application without libtorch should get FGANPKG001\n{withoutLibTorch}");

        // Hard links spare copying 600 MB of libtorch; the patch replaces its file rather than editing it.
        var build = Run(consumer, CommandTimeout,
            ["build", "-c", "Release", "-p:CreateHardLinksForCopyLocalIfPossible=true", .. DotnetCommand.BuildSwitches], isolated);
        log.WriteLine("restored into the test's packages folder: " + string.Join(", ", Directory.GetDirectories(packages).Select(Path.GetFileName)));
        Assert.True(build.Succeeded, build.ToString());
        Assert.False(WarningLine().IsMatch(build.Output), $"the consumer's build should have no warnings\n{build}");

        var run = Run(consumer, CommandTimeout,
            ["run", "--no-build", "-c", "Release", "--", Steps.ToString(CultureInfo.InvariantCulture)], isolated);
        Assert.True(run.Succeeded, run.ToString());
        var result = ResultLine().Match(run.Output);
        Assert.True(result.Success, $"no result line\n{run}");
        Assert.Equal("Functional.Consumer.TinyRing+Session", result.Groups["session"].Value);
        Assert.Equal("tiny-ring", result.Groups["registry"].Value);
        Assert.Equal(Steps, int.Parse(result.Groups["steps"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Steps, int.Parse(result.Groups["dsteps"].Value, CultureInfo.InvariantCulture));
        foreach (var loss in new[] { "dloss", "gloss" })
            Assert.True(double.IsFinite(double.Parse(result.Groups[loss].Value, CultureInfo.InvariantCulture)), $"{loss} is not finite\n{run}");

        CheckPatchWhereNeeded(consumer, machinePackages);
    }

    /// <summary>Runs a dotnet command and logs how long it took, so that a slow step shows in the test's output.</summary>
    CommandResult Run(string workingDirectory, TimeSpan timeout, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = DotnetCommand.Run(workingDirectory, timeout, arguments, environment);
        log.WriteLine($"{result.Elapsed.TotalSeconds,5:0.0} s  exit {result.ExitCode}  {result.CommandLine}");
        return result;
    }

    /// <summary>The package's files and dependencies; returns the versions it was built against.</summary>
    static (string TorchSharp, string LibTorch) CheckContents(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        string[] expected =
        [
            "lib/net10.0/Functional.Pipeline.dll", "lib/net10.0/Functional.Pipeline.xml",
            "analyzers/dotnet/cs/Functional.Generators.dll",
            "buildTransitive/Functional.Pipeline.props", "buildTransitive/Functional.Pipeline.targets",
            "buildTransitive/LibTorchSharpPatch.targets", "buildTransitive/LibTorchSharpPatch.cs",
            "README.md",
        ];
        var listing = string.Join('\n', entries.Order());
        foreach (var path in expected) Assert.True(entries.Contains(path), $"the package lacks {path}; it has\n{listing}");
        Assert.False(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal)),
            $"the generator belongs under analyzers/, not lib/\n{listing}");

        var nuspec = Xml(zip, "Functional.Pipeline.nuspec");
        var dependencies = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).ToList();
        var dependencyList = string.Join(", ", dependencies);
        foreach (var id in new[] { "TorchSharp", "LanguageExt.Core", "SkiaSharp" })
            Assert.True(dependencies.Contains(id), $"the package should depend on {id}; it depends on {dependencyList}");
        Assert.DoesNotContain(dependencies, id => id.StartsWith("Functional.", StringComparison.Ordinal));
        Assert.DoesNotContain(dependencies, id => id.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)
                                                 || id.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase));

        var props = Xml(zip, "buildTransitive/Functional.Pipeline.props");
        string Property(string name) => props.Descendants().Single(e => e.Name.LocalName == name).Value;
        return (Property("FunctionalTorchSharpVersion"), Property("FunctionalLibTorchVersion"));
    }

    static XDocument Xml(ZipArchive zip, string path)
    {
        using var stream = zip.GetEntry(path)!.Open();
        return XDocument.Load(stream);
    }

    /// <summary>
    /// The consumer template with the feed and versions filled in, in a folder of its own whose
    /// empty Directory.Build.* and Directory.Packages.props stop MSBuild from looking further up.
    /// </summary>
    string WriteConsumer(string version, string feed, string libTorchVersion, string packages, string machinePackages)
    {
        var folder = Folder("consumer");
        var template = Path.Combine(RepositoryRoot(), "tests", "Functional.Packaging.Tests", "Consumer");
        var values = new Dictionary<string, string>
        {
            ["$FUNCTIONAL_VERSION$"] = version,
            ["$LIBTORCH_PACKAGE$"] = HostLibTorchPackage(),
            ["$LIBTORCH_VERSION$"] = libTorchVersion,
            ["$FEED$"] = feed,
            ["$PACKAGES$"] = packages,
            ["$FALLBACK$"] = machinePackages,
        };
        foreach (var file in Directory.GetFiles(template))
        {
            var text = File.ReadAllText(file);
            foreach (var (key, value) in values) text = text.Replace(key, value, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(folder, Path.GetFileName(file)), text);
        }
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(folder, name), "<Project />\n");
        return folder;
    }

    /// <summary>Where TorchSharp and libtorch already are: the global packages folder the repository restores into.</summary>
    static string MachinePackagesFolder()
    {
        var locals = DotnetCommand.Run(RepositoryRoot(), TimeSpan.FromMinutes(1), ["nuget", "locals", "global-packages", "--list"]);
        Assert.True(locals.Succeeded, locals.ToString());
        var match = Regex.Match(locals.Output, @"global-packages:\s*(?<path>.+)$", RegexOptions.Multiline);
        Assert.True(match.Success, locals.ToString());
        return match.Groups["path"].Value.Trim();
    }

    static string HostLibTorchPackage() =>
        OperatingSystem.IsWindows() ? "libtorch-cpu-win-x64"
        : OperatingSystem.IsMacOS() ? "libtorch-cpu-osx-arm64"
        : "libtorch-cpu-linux-x64";

    /// <summary>
    /// Where this system's libstdc++ lacks GLIBCXX_3.4.32, the consumer's copy of libLibTorchSharp.so
    /// is patched (that it trained shows it loads), and the copy in the package cache is untouched.
    /// </summary>
    static void CheckPatchWhereNeeded(string consumer, string machinePackages)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64) return;
        var system = ElfVersionNeeds.SystemLibStdCpp();
        if (system is null || ElfVersionNeeds.Defines(File.ReadAllBytes(system), ElfVersionNeeds.MissingVersion)) return;

        var copy = Directory.GetFiles(Path.Combine(consumer, "bin"), "libLibTorchSharp.so", SearchOption.AllDirectories)
            .Single(p => p.Contains(Path.Combine("runtimes", "linux-x64", "native"), StringComparison.Ordinal));
        Assert.True(Need(copy).IsWeak, $"{copy} should ask for {ElfVersionNeeds.MissingVersion} weakly");

        var cached = Directory.GetFiles(Path.Combine(machinePackages, "torchsharp"), "libLibTorchSharp.so", SearchOption.AllDirectories)
            .Where(p => p.Contains(Path.Combine("runtimes", "linux-x64", "native"), StringComparison.Ordinal));
        foreach (var original in cached)
            Assert.False(Need(original).IsWeak, $"the package cache's {original} was patched");
    }

    static VersionNeed Need(string library) =>
        ElfVersionNeeds.Read(File.ReadAllBytes(library))
            .Single(n => n.File == ElfVersionNeeds.LibStdCpp && n.Version == ElfVersionNeeds.MissingVersion);

    string Folder(string name) => Directory.CreateDirectory(Path.Combine(work.FullName, name)).FullName;

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Functional.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no Functional.sln above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^consumer: session=(?<session>\S+) registry=(?<registry>\S*) steps=(?<steps>\d+) discriminator-steps=(?<dsteps>\d+) d-loss=(?<dloss>\S+) g-loss=(?<gloss>\S+)$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();

    [GeneratedRegex(@":\s*warning\s+[A-Z]+\d+", RegexOptions.Multiline)]
    private static partial Regex WarningLine();
}
