using LanguageExt;

namespace Functional.Data;

/// <summary>Batches of an in-memory <see cref="LabelledImages"/> set (one a caller made, say from glyph tables), shuffled per epoch from the seed.</summary>
public sealed class LabelledImageBatches : LabelledImageSource
{
    LabelledImageBatches(LabelledImages data, DataOptions options) : base(data, options) { }

    /// <summary>The batches; the source owns <paramref name="data"/> from here (an error disposes it).</summary>
    public static Fin<LabelledImageBatches> Open(LabelledImages data, DataOptions options) =>
        Serve(data, options, () => new LabelledImageBatches(data, options));
}
