using System.Collections;

namespace Functional.Metrics;

/// <summary>One named measurement; <see cref="HigherIsBetter"/> tells which way is progress.</summary>
public readonly record struct Metric(string Name, double Value, bool HigherIsBetter);

/// <summary>The metrics of one evaluation, in a fixed order.</summary>
public sealed class MetricSet(IReadOnlyList<Metric> items) : IReadOnlyList<Metric>
{
    public static MetricSet Empty { get; } = new([]);

    public Metric this[int index] => items[index];
    public int Count => items.Count;

    /// <summary>The value of the metric called <paramref name="name"/>.</summary>
    public double this[string name] =>
        items.FirstOrDefault(m => m.Name == name) is { Name: not null } m
            ? m.Value
            : throw new KeyNotFoundException($"no metric '{name}' (have: {string.Join(", ", items.Select(i => i.Name))})");

    public IEnumerator<Metric> GetEnumerator() => items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", items.Select(m => $"{m.Name} {m.Value:0.####}"));
}
