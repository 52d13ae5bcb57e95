// Makes TorchSharp 0.107's libLibTorchSharp.so load where the system libstdc++ predates GCC 13
#nullable enable
// (Debian 12: GLIBCXX_3.4.30). The library asks for GLIBCXX_3.4.32 for exactly one symbol,
// std::ios_base_library_init(), a link-time anchor that GCC 13's <iostream> emits and that has no
// relocation. Marking that version requirement VER_FLG_WEAK turns "version not found" from a load
// error into nothing at all. The patch refuses to touch a file where any other symbol needs it.
//
// This one file is both the MSBuild task (compiled by RoslynCodeTaskFactory, see
// build/LibTorchSharpPatch.targets) and code under test (tests define FUNCTIONAL_TESTS).
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Functional.Build
{
    /// <summary>One requirement from an ELF .gnu.version_r section.</summary>
    public sealed class VersionNeed
    {
        public VersionNeed(string file, string version, ushort flags, ushort index, long flagsOffset)
        {
            File = file;
            Version = version;
            Flags = flags;
            Index = index;
            FlagsOffset = flagsOffset;
        }

        public string File { get; }
        public string Version { get; }
        public ushort Flags { get; }
        public ushort Index { get; }
        public long FlagsOffset { get; }
        public bool IsWeak => (Flags & ElfVersionNeeds.VerFlagWeak) != 0;
    }

    public enum PatchOutcome
    {
        Patched,
        AlreadyPatched,
        NotRequired,
        Refused,
    }

    /// <summary>Reads and edits the version requirements of a 64-bit little-endian ELF file.</summary>
    public static class ElfVersionNeeds
    {
        public const ushort VerFlagWeak = 0x2;
        public const string LibStdCpp = "libstdc++.so.6";
        public const string MissingVersion = "GLIBCXX_3.4.32";
        public const string AnchorSymbol = "_ZSt21ios_base_library_initv";

        const uint ShtDynsym = 11;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVersym = 0x6fffffff;

        sealed class Section
        {
            public uint Type;
            public long Offset;
            public long Size;
            public uint Link;
            public uint Info;
            public long EntrySize;
        }

        public static IReadOnlyList<VersionNeed> Read(byte[] elf)
        {
            var sections = Sections(elf);
            var result = new List<VersionNeed>();
            foreach (var verneed in sections)
            {
                if (verneed.Type != ShtGnuVerneed) continue;
                var strings = sections[(int)verneed.Link];
                long need = verneed.Offset;
                for (uint i = 0; i < verneed.Info; i++)
                {
                    ushort count = U16(elf, need + 2);
                    string file = CString(elf, strings.Offset + U32(elf, need + 4));
                    long aux = need + U32(elf, need + 8);
                    for (ushort j = 0; j < count; j++)
                    {
                        ushort flags = U16(elf, aux + 4);
                        ushort index = U16(elf, aux + 6);
                        string version = CString(elf, strings.Offset + U32(elf, aux + 8));
                        result.Add(new VersionNeed(file, version, flags, index, aux + 4));
                        aux += U32(elf, aux + 12);
                    }
                    uint next = U32(elf, need + 12);
                    if (next == 0) break;
                    need += next;
                }
            }
            return result;
        }

        /// <summary>Names of the dynamic symbols bound to a version index.</summary>
        public static IReadOnlyList<string> SymbolsAt(byte[] elf, ushort versionIndex)
        {
            var sections = Sections(elf);
            Section? versym = null, dynsym = null;
            foreach (var s in sections)
            {
                if (s.Type == ShtGnuVersym) versym = s;
                if (s.Type == ShtDynsym) dynsym = s;
            }
            var names = new List<string>();
            if (versym == null || dynsym == null) return names;
            var strings = sections[(int)dynsym.Link];
            long count = versym.Size / 2;
            long entry = dynsym.EntrySize == 0 ? 24 : dynsym.EntrySize;
            for (long i = 0; i < count; i++)
            {
                if ((U16(elf, versym.Offset + 2 * i) & 0x7fff) != versionIndex) continue;
                names.Add(CString(elf, strings.Offset + U32(elf, dynsym.Offset + i * entry)));
            }
            return names;
        }

        /// <summary>
        /// Marks <paramref name="version"/> of libstdc++ weak in place. Refuses (and leaves the bytes
        /// alone) when a symbol other than the iostream anchor is bound to that version.
        /// </summary>
        public static PatchOutcome MarkWeak(byte[] elf, string version, out string reason)
        {
            reason = "";
            VersionNeed? target = null;
            foreach (var need in Read(elf))
                if (need.File == LibStdCpp && need.Version == version) target = need;
            if (target == null)
            {
                reason = $"it does not ask for {LibStdCpp} {version}";
                return PatchOutcome.NotRequired;
            }
            if (target.IsWeak) return PatchOutcome.AlreadyPatched;
            foreach (var symbol in SymbolsAt(elf, target.Index))
            {
                if (symbol != AnchorSymbol)
                {
                    reason = $"symbol {symbol} needs {version}; only {AnchorSymbol} is safe to leave unresolved";
                    return PatchOutcome.Refused;
                }
            }
            ushort flags = (ushort)(target.Flags | VerFlagWeak);
            elf[target.FlagsOffset] = (byte)(flags & 0xff);
            elf[target.FlagsOffset + 1] = (byte)(flags >> 8);
            return PatchOutcome.Patched;
        }

        /// <summary>Patches a file on disk: reads it, edits the bytes, and replaces it atomically.</summary>
        public static PatchOutcome PatchFile(string path, string version, out string reason)
        {
            var bytes = File.ReadAllBytes(path);
            var outcome = MarkWeak(bytes, version, out reason);
            if (outcome != PatchOutcome.Patched) return outcome;
            // Write a new file and rename it over the old one: this also breaks any hard link to the
            // package cache, which must never be edited.
            string temp = path + ".patching";
            File.WriteAllBytes(temp, bytes);
            File.Replace(temp, path, null);
            return outcome;
        }

        static readonly string[] LibStdCppFolders =
        {
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };

        /// <summary>The first libstdc++.so.6 found in the usual system folders, or null.</summary>
        public static string? SystemLibStdCpp()
        {
            foreach (var folder in LibStdCppFolders)
            {
                var path = Path.Combine(folder, LibStdCpp);
                if (File.Exists(path)) return path;
            }
            return null;
        }

        /// <summary>Whether a shared library defines a version name (searched as a NUL-terminated string).</summary>
        public static bool Defines(byte[] library, string version)
        {
            var needle = Encoding.ASCII.GetBytes(version + "\0");
            for (int i = 0; i + needle.Length <= library.Length; i++)
            {
                if (library[i] != needle[0]) continue;
                int k = 1;
                while (k < needle.Length && library[i + k] == needle[k]) k++;
                if (k == needle.Length && (i == 0 || library[i - 1] == 0)) return true;
            }
            return false;
        }

        static List<Section> Sections(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file (bad magic number)");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("not a 64-bit little-endian ELF file");
            long shoff = (long)U64(elf, 0x28);
            ushort shentsize = U16(elf, 0x3A);
            ushort shnum = U16(elf, 0x3C);
            if (shoff <= 0 || shoff + (long)shentsize * shnum > elf.Length)
                throw new InvalidDataException("truncated ELF file (section headers past the end)");
            var list = new List<Section>(shnum);
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                var s = new Section
                {
                    Type = U32(elf, h + 4),
                    Offset = (long)U64(elf, h + 24),
                    Size = (long)U64(elf, h + 32),
                    Link = U32(elf, h + 40),
                    Info = U32(elf, h + 44),
                    EntrySize = (long)U64(elf, h + 56),
                };
                if (s.Type != 8 /* NOBITS */ && s.Offset + s.Size > elf.Length)
                    throw new InvalidDataException($"truncated ELF file (section {i} past the end)");
                list.Add(s);
            }
            return list;
        }

        static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
        static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

        static string CString(byte[] b, long o)
        {
            long end = o;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
        }
    }

#if !FUNCTIONAL_TESTS
    /// <summary>MSBuild task: patches each given libLibTorchSharp.so when the system libstdc++ lacks the version.</summary>
    public sealed class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        public override bool Execute()
        {
            var system = ElfVersionNeeds.SystemLibStdCpp();
            if (system == null)
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "No system libstdc++.so.6 found; nothing to patch.");
                return true;
            }
            if (ElfVersionNeeds.Defines(File.ReadAllBytes(system), ElfVersionNeeds.MissingVersion))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"{system} has {ElfVersionNeeds.MissingVersion}; nothing to patch.");
                return true;
            }
            foreach (var item in Files)
            {
                var path = item.ItemSpec;
                try
                {
                    var outcome = ElfVersionNeeds.PatchFile(path, ElfVersionNeeds.MissingVersion, out var reason);
                    if (outcome == PatchOutcome.Patched)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"Patched {path}: {ElfVersionNeeds.MissingVersion} marked weak ({system} lacks it).");
                    else if (outcome == PatchOutcome.Refused)
                        Log.LogWarning($"Did not patch {path}: {reason}. TorchSharp may fail to load on this system.");
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
                {
                    Log.LogWarning($"Could not patch {path}: {e.Message}");
                }
            }
            return true;
        }
    }
#endif
}
