using Functional.Build;
using Xunit;

namespace Functional.Tests.Native;

/// <summary>
/// The build's patch of libLibTorchSharp.so (build/LibTorchSharpPatch.cs), run on a copy of the real
/// file in a temporary folder: the package cache is only ever read.
/// </summary>
public sealed class LibTorchSharpPatchTests : IDisposable
{
    readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("functional-patch-");

    public void Dispose() => folder.Delete(recursive: true);

    string CopyOfOriginal()
    {
        var copy = Path.Combine(folder.FullName, "libLibTorchSharp.so");
        File.Copy(TorchSharpNative.InPackageCache, copy);
        return copy;
    }

    static VersionNeed Need(byte[] elf, string version) =>
        Assert.Single(ElfVersionNeeds.Read(elf), n => n.File == ElfVersionNeeds.LibStdCpp && n.Version == version);

    [NeedsTorchSharpNativeFact]
    public void The_original_needs_GLIBCXX_3_4_32_from_libstdcpp_strongly()
    {
        var need = Need(File.ReadAllBytes(CopyOfOriginal()), ElfVersionNeeds.MissingVersion);

        Assert.False(need.IsWeak, $"flags {need.Flags:x4}");
    }

    [NeedsTorchSharpNativeFact]
    public void Only_the_iostream_anchor_is_bound_to_GLIBCXX_3_4_32()
    {
        var elf = File.ReadAllBytes(CopyOfOriginal());

        var symbols = ElfVersionNeeds.SymbolsAt(elf, Need(elf, ElfVersionNeeds.MissingVersion).Index);

        Assert.Equal(["_ZSt21ios_base_library_initv"], symbols);
    }

    [NeedsTorchSharpNativeFact]
    public void Patching_marks_the_need_weak_and_changes_nothing_but_its_flags()
    {
        var path = CopyOfOriginal();
        var original = File.ReadAllBytes(path);
        var flagsOffset = Need(original, ElfVersionNeeds.MissingVersion).FlagsOffset;

        var outcome = ElfVersionNeeds.PatchFile(path, ElfVersionNeeds.MissingVersion, out var reason);

        Assert.Equal(PatchOutcome.Patched, outcome);
        Assert.Equal("", reason);
        var patched = File.ReadAllBytes(path);
        Assert.True(Need(patched, ElfVersionNeeds.MissingVersion).IsWeak);
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToArray();
        Assert.NotEmpty(changed);
        Assert.All(changed, i => Assert.InRange(i, flagsOffset, flagsOffset + 1));
        // Every other requirement keeps its flags.
        Assert.Equal(
            ElfVersionNeeds.Read(original).Where(n => n.Version != ElfVersionNeeds.MissingVersion).Select(n => (n.File, n.Version, n.Flags)),
            ElfVersionNeeds.Read(patched).Where(n => n.Version != ElfVersionNeeds.MissingVersion).Select(n => (n.File, n.Version, n.Flags)));
        Assert.Equal([path], Directory.GetFiles(folder.FullName));   // no temporary file left behind
    }

    [NeedsTorchSharpNativeFact]
    public void Patching_twice_is_a_no_op()
    {
        var path = CopyOfOriginal();
        Assert.Equal(PatchOutcome.Patched, ElfVersionNeeds.PatchFile(path, ElfVersionNeeds.MissingVersion, out _));
        var once = File.ReadAllBytes(path);

        var outcome = ElfVersionNeeds.PatchFile(path, ElfVersionNeeds.MissingVersion, out _);

        Assert.Equal(PatchOutcome.AlreadyPatched, outcome);
        Assert.Equal(once, File.ReadAllBytes(path));
    }

    [NeedsTorchSharpNativeFact]
    public void A_version_that_other_symbols_need_is_refused_and_left_alone()
    {
        var elf = File.ReadAllBytes(CopyOfOriginal());
        var before = (byte[])elf.Clone();
        Assert.True(ElfVersionNeeds.SymbolsAt(elf, Need(elf, "GLIBCXX_3.4").Index).Count > 1);

        var outcome = ElfVersionNeeds.MarkWeak(elf, "GLIBCXX_3.4", out var reason);

        Assert.Equal(PatchOutcome.Refused, outcome);
        Assert.Contains("GLIBCXX_3.4", reason);
        Assert.Contains("needs", reason);
        Assert.Equal(before, elf);
        Assert.False(Need(elf, "GLIBCXX_3.4").IsWeak);
    }

    [NeedsTorchSharpNativeFact]
    public void A_version_the_library_does_not_ask_for_is_not_required()
    {
        var elf = File.ReadAllBytes(CopyOfOriginal());
        var before = (byte[])elf.Clone();

        var outcome = ElfVersionNeeds.MarkWeak(elf, "GLIBCXX_9.9.99", out var reason);

        Assert.Equal(PatchOutcome.NotRequired, outcome);
        Assert.Contains("GLIBCXX_9.9.99", reason);
        Assert.Equal(before, elf);
    }

    [NeedsTorchSharpNativeFact]
    public void A_truncated_library_is_invalid_data_with_a_message()
    {
        var path = CopyOfOriginal();
        var truncated = File.ReadAllBytes(path)[..1000];
        File.WriteAllBytes(path, truncated);

        var read = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(truncated));
        var patch = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.PatchFile(path, ElfVersionNeeds.MissingVersion, out _));

        Assert.Contains("truncated", read.Message);
        Assert.Contains("truncated", patch.Message);
        Assert.Equal(truncated, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_invalid_data_with_a_message()
    {
        var path = Path.Combine(folder.FullName, "not-a-library.so");
        var text = "#!/bin/sh\necho this is a shell script, not a shared library\n"u8.ToArray();
        File.WriteAllBytes(path, [.. text, .. new byte[200]]);

        var read = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(File.ReadAllBytes(path)));
        var patch = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.PatchFile(path, ElfVersionNeeds.MissingVersion, out _));

        Assert.Contains("not an ELF file", read.Message);
        Assert.Contains("not an ELF file", patch.Message);
    }

    [Fact]
    public void The_system_libstdcpp_defines_GLIBCXX_3_4_30_and_no_made_up_version()
    {
        var system = ElfVersionNeeds.SystemLibStdCpp();
        Assert.True(system is not null, "no libstdc++.so.6 in the usual system folders");
        var library = File.ReadAllBytes(system!);

        Assert.True(ElfVersionNeeds.Defines(library, "GLIBCXX_3.4.30"), $"{system} should define GLIBCXX_3.4.30");
        Assert.False(ElfVersionNeeds.Defines(library, "GLIBCXX_9.9.99"), $"{system} cannot define GLIBCXX_9.9.99");
    }

    [Fact]
    public void Defines_matches_whole_NUL_terminated_names_only()
    {
        var strings = "\0GLIBCXX_3.4.30\0XGLIBCXX_3.4.31\0GLIBCXX_3.4.32"u8.ToArray();

        Assert.True(ElfVersionNeeds.Defines(strings, "GLIBCXX_3.4.30"));
        Assert.False(ElfVersionNeeds.Defines(strings, "GLIBCXX_3.4.31"));   // preceded by 'X'
        Assert.False(ElfVersionNeeds.Defines(strings, "GLIBCXX_3.4.32"));   // not terminated
        Assert.False(ElfVersionNeeds.Defines(strings, "GLIBCXX_3.4"));
    }

    [NeedsTorchSharpNativeFact]
    public void The_build_patched_the_output_copy_exactly_when_the_system_needs_it_and_never_the_package_cache()
    {
        var system = ElfVersionNeeds.SystemLibStdCpp();
        Assert.True(File.Exists(TorchSharpNative.InOutput), $"{TorchSharpNative.InOutput} is missing: the build did not copy TorchSharp's native library");
        var systemHasIt = system is not null && ElfVersionNeeds.Defines(File.ReadAllBytes(system), ElfVersionNeeds.MissingVersion);

        var output = Need(File.ReadAllBytes(TorchSharpNative.InOutput), ElfVersionNeeds.MissingVersion);
        var cache = Need(File.ReadAllBytes(TorchSharpNative.InPackageCache), ElfVersionNeeds.MissingVersion);

        Assert.True(output.IsWeak == (system is not null && !systemHasIt),
            $"output copy weak: {output.IsWeak}; system libstdc++: {system ?? "none"}, defines {ElfVersionNeeds.MissingVersion}: {systemHasIt}");
        Assert.False(cache.IsWeak, $"the package cache's {TorchSharpNative.InPackageCache} was patched; it must never be edited");
    }
}
