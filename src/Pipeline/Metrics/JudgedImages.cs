using Functional.Data;

namespace Functional.Metrics;

/// <summary>
/// A run's training batches with the <see cref="ImageJudge"/> that scores its samples against the
/// same data, for [Metrics] methods that take the run's data: the judge is built on first use
/// (training its classifier takes a minute or two on a CPU) and once per source, and disposed with it.
/// </summary>
public sealed class JudgedImages : IBatchSource
{
    readonly IBatchSource source;
    readonly Lazy<ImageJudge> judge;
    readonly IDisposable? owned;

    /// <param name="source">The training batches, disposed with this.</param>
    /// <param name="judge">Builds the judge on first use.</param>
    /// <param name="owned">Anything else the judge's builder reads, disposed with this (a training split the source does not serve).</param>
    public JudgedImages(IBatchSource source, Func<ImageJudge> judge, IDisposable? owned = null)
    {
        this.source = source;
        this.judge = new Lazy<ImageJudge>(judge);
        this.owned = owned;
    }

    public ImageJudge Judge => judge.Value;

    /// <summary>The judge of a run's data; an error saying what is needed for any other source.</summary>
    public static ImageJudge Of(IBatchSource data) =>
        data is JudgedImages judged
            ? judged.Judge
            : throw new ArgumentException($"these metrics compare samples with the run's data and need the source its [Data] method opens (JudgedImages), not a {data.GetType().Name}");

    public IReadOnlyList<long> SampleShape => source.SampleShape;
    public int Classes => source.Classes;
    public Batch Next() => source.Next();
    public byte[] GetState() => source.GetState();
    public void SetState(byte[] state) => source.SetState(state);

    public void Dispose()
    {
        source.Dispose();
        if (judge.IsValueCreated) judge.Value.Dispose();
        owned?.Dispose();
    }
}
