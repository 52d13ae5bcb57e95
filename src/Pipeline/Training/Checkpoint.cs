using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Functional.Data;
using LanguageExt;
using LanguageExt.Common;
using TorchSharp.Modules;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Functional.Training;

/// <summary>
/// What a checkpoint says about itself, readable without loading the weights. <see cref="Skips"/>
/// (the divergence guard's counters) came later within format 1: a file without it reads as none skipped.
/// <see cref="Augmentation"/> (the augmentation probability and ADA's running signal) came within
/// format 2, for experiments with an [Augmentation]; files of other experiments have none.
/// </summary>
public sealed record CheckpointHeader(
    int Format,
    string Experiment,
    long DiscriminatorSteps,
    long GeneratorSteps,
    long Seed,
    string[] Networks,
    string[] Optimizers,
    string Configuration,
    SkipCounts? Skips = null,
    Functional.Tricks.AugmentationState? Augmentation = null);

/// <summary>
/// Everything needed to continue a run, in one file: both networks and the averaged generator,
/// both optimizers' state (their learning rates included, so a rate lowered after a rollback stays
/// lowered), the step and skip counters, the augmentation probability (in the header), the session's random state (format 2; format 1 held torch's
/// global generator's, which it still restores) and the data source's, and the run's configuration. Written to a temporary file, flushed, then renamed over the target, so a
/// crash mid-write leaves the previous checkpoint intact; a SHA-256 over the body catches a
/// truncated or corrupted file before anything is loaded.
/// </summary>
public static class Checkpoint
{
    public const int Format = 2;

    /// <summary>The oldest format this version reads.</summary>
    public const int OldestFormat = 1;
    static readonly byte[] Magic = "FGANCKPT"u8.ToArray();

    public static Fin<Unit> Save(GanSession session, IBatchSource data, string experiment, string configuration, string path)
    {
        var temporary = path + ".writing";
        try
        {
            var body = Body(session, data, experiment, configuration);
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(Magic);
                file.Write(BitConverter.GetBytes(body.Length));
                file.Write(body);
                file.Write(SHA256.HashData(body));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            return unit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return Error.New($"could not write checkpoint {path}: {e.Message}");
        }
    }

    /// <summary>Reads and verifies the header only (experiment, steps, configuration).</summary>
    public static Fin<CheckpointHeader> ReadHeader(string path) =>
        ReadVerified(path).Bind(reader =>
        {
            using (reader) return Header(reader, $"checkpoint {path}");
        });

    /// <summary>
    /// Restores <paramref name="session"/> and <paramref name="data"/> from a checkpoint of
    /// <paramref name="experiment"/>. Nothing is changed unless the file is whole and matches.
    /// </summary>
    public static Fin<CheckpointHeader> Load(GanSession session, IBatchSource data, string experiment, string path) =>
        ReadVerified(path).Bind(reader =>
        {
            using (reader) return Restore(session, data, experiment, reader, $"checkpoint {path}");
        });

    /// <summary>
    /// A checkpoint's body in memory (what <see cref="Save"/> writes, less the framing): how the
    /// ranks of a data-parallel run start from rank 0's state.
    /// </summary>
    public static byte[] Snapshot(GanSession session, IBatchSource data, string experiment, string configuration) =>
        Body(session, data, experiment, configuration);

    /// <summary>Restores what <see cref="Snapshot"/> took; <paramref name="source"/> names it in messages ("rank 0's state").</summary>
    public static Fin<CheckpointHeader> Restore(GanSession session, IBatchSource data, string experiment, byte[] snapshot, string source)
    {
        using var reader = new BinaryReader(new MemoryStream(snapshot, writable: false), Encoding.UTF8);
        return Restore(session, data, experiment, reader, source);
    }

    static Fin<CheckpointHeader> Restore(GanSession session, IBatchSource data, string experiment, BinaryReader reader, string source)
    {
        var header = Header(reader, source);
        if (header.IsFail) return header;
        var h = (CheckpointHeader)header;
        if (h.Experiment != experiment)
            return Error.New($"{source} is from experiment '{h.Experiment}', not '{experiment}'.");
        var expectedNetworks = session.Networks.Select(n => n.Name).ToArray();
        var expectedOptimizers = session.Optimizers.Select(o => o.Name).ToArray();
        if (!h.Networks.SequenceEqual(expectedNetworks) || !h.Optimizers.SequenceEqual(expectedOptimizers))
            return Error.New($"{source} holds networks [{string.Join(", ", h.Networks)}] and optimizers [{string.Join(", ", h.Optimizers)}]; "
                           + $"experiment '{experiment}' has [{string.Join(", ", expectedNetworks)}] and [{string.Join(", ", expectedOptimizers)}].");
        if (session.Augmentation is not null && h.Augmentation is null)
            return Error.New($"{source} holds no augmentation state, and experiment '{experiment}' augments its discriminator's inputs; it was written by another version of the experiment.");
        if (h.Augmentation is { Probability: var p } && !(p >= 0 && p <= 1))
            return Error.New($"{source} has augmentation probability {p}, outside [0, 1].");
        try
        {
            foreach (var network in session.Networks) network.Module.load(reader, strict: true);
            foreach (var optimizer in session.Optimizers) Helper(optimizer).load_state_dict(reader);
            using (var rng = Bytes(reader))
            {
                if (h.Format == 1) TorchSharp.torch.random.set_rng_state(rng);
                else if (rng.numel() > 0) session.Random.set_state(rng);
            }
            data.SetState(reader.ReadBytes(reader.ReadInt32()));
            session.RestoreSteps(h.DiscriminatorSteps, h.GeneratorSteps);
            session.Guard.Restore(h.Skips ?? default);
            if (h.Augmentation is { } augmentation) session.Augmentation?.Restore(augmentation);
            return h;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            return Error.New($"{source} does not fit experiment '{experiment}': {e.Message}");
        }
    }

    static byte[] Body(GanSession session, IBatchSource data, string experiment, string configuration)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            var header = new CheckpointHeader(Format, experiment, session.DiscriminatorSteps, session.GeneratorSteps, session.Options.Seed,
                session.Networks.Select(n => n.Name).ToArray(), session.Optimizers.Select(o => o.Name).ToArray(), configuration, session.Guard.Counts,
                session.Augmentation?.State);
            writer.Write(JsonSerializer.Serialize(header));
            foreach (var network in session.Networks) network.Module.save(writer);
            foreach (var optimizer in session.Optimizers) Helper(optimizer).save_state_dict(writer);
            using (var rng = RandomState(session)) WriteBytes(writer, rng);
            var state = data.GetState();
            writer.Write(state.Length);
            writer.Write(state);
        }
        return memory.ToArray();
    }

    /// <summary>The session generator's state; empty where TorchSharp cannot read it (a CUDA generator), and a resume then continues with a fresh stream.</summary>
    static Tensor RandomState(GanSession session)
    {
        try { return session.Random.get_state(); }
        catch (Exception e) when (e is ExternalException or NotSupportedException or InvalidOperationException) { return empty(0, dtype: ScalarType.Byte); }
    }

    static OptimizerHelper Helper(NamedOptimizer optimizer) =>
        optimizer.Optimizer as OptimizerHelper
        ?? throw new InvalidOperationException($"optimizer '{optimizer.Name}' ({optimizer.Optimizer.GetType().Name}) cannot save its state");

    static void WriteBytes(BinaryWriter writer, Tensor bytes)
    {
        var data = bytes.cpu().data<byte>().ToArray();
        writer.Write(data.Length);
        writer.Write(data);
    }

    static Tensor Bytes(BinaryReader reader)
    {
        var data = reader.ReadBytes(reader.ReadInt32());
        return tensor(data, dtype: ScalarType.Byte);
    }

    static Fin<CheckpointHeader> Header(BinaryReader reader, string source)
    {
        try
        {
            var header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadString());
            return header is null ? Error.New($"{source} has an empty header.")
                : header.Format is < OldestFormat or > Format ? Error.New($"{source} has format {header.Format}; this version reads formats {OldestFormat} to {Format}.")
                : header;
        }
        catch (Exception e) when (e is JsonException or IOException or EndOfStreamException)
        {
            return Error.New($"{source} has an unreadable header: {e.Message}");
        }
    }

    /// <summary>Opens the file, checks magic, length and checksum, and returns a reader over the body.</summary>
    static Fin<BinaryReader> ReadVerified(string path)
    {
        if (!File.Exists(path)) return Error.New($"checkpoint {path} does not exist.");
        byte[] all;
        try { all = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Error.New($"could not read checkpoint {path}: {e.Message}"); }
        const int prefix = 8 + 4, hash = 32;
        if (all.Length < prefix + hash || !all.AsSpan(0, 8).SequenceEqual(Magic))
            return Error.New($"{path} is not a Functional checkpoint (bad magic number or too short).");
        var length = BitConverter.ToInt32(all, 8);
        if (length < 0 || prefix + (long)length + hash != all.Length)
            return Error.New($"checkpoint {path} is truncated or has trailing bytes: header says {length} bytes of body, file holds {all.Length - prefix - hash}.");
        var body = all.AsSpan(prefix, length);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(all.AsSpan(prefix + length, hash)))
            return Error.New($"checkpoint {path} is corrupt: its checksum does not match its contents.");
        return new BinaryReader(new MemoryStream(all, prefix, length, writable: false), Encoding.UTF8);
    }

    static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (IOException) { }
    }
}
