using Tensorboard;

namespace Functional.Cli.Tests;

/// <summary>
/// Reads a TensorBoard event file: TFRecord framing (u64 length, u32 masked CRC-32C of the length,
/// payload, u32 masked CRC-32C of the payload) around protobuf Events. Throws on a bad checksum.
/// </summary>
internal static class TensorBoardEvents
{
    public static IReadOnlyList<Event> Read(string file)
    {
        var events = new List<Event>();
        using var reader = new BinaryReader(File.OpenRead(file));
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var length = reader.ReadUInt64();
            if (reader.ReadUInt32() != Masked(TorchSharp.Utils.CRC32C.process((long)length)))
                throw new InvalidDataException($"{file}: bad length checksum at record {events.Count}");
            var payload = reader.ReadBytes(checked((int)length));
            if (reader.ReadUInt32() != Masked(TorchSharp.Utils.CRC32C.process(payload)))
                throw new InvalidDataException($"{file}: bad payload checksum at record {events.Count}");
            events.Add(Event.Parser.ParseFrom(payload));
        }
        return events;
    }

    /// <summary>The (tag, step) of every scalar in <paramref name="events"/>, in file order.</summary>
    public static IReadOnlyList<(string Tag, long Step, float Value)> Scalars(IEnumerable<Event> events) =>
        events.Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary.Value.Select(v => (v.Tag, e.Step, v.SimpleValue)))
            .ToList();

    static uint Masked(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8U;
}
