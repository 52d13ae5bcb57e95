using System.Buffers.Binary;

namespace Functional.Tests.Support;

/// <summary>IDX files as the tests need them, well formed or not.</summary>
internal static class IdxFiles
{
    /// <summary>An IDX file: magic, big-endian dims, then the bytes as given (which may disagree with the dims).</summary>
    public static byte[] Bytes(uint magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + 4 * i), (uint)dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }
}
