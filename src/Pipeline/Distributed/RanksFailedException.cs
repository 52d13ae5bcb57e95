namespace Functional.Distributed;

/// <summary>
/// The ranks of a data-parallel run could not go on together: a collective failed, or did not
/// finish within <see cref="IRankGroup.Timeout"/> because another rank died, hangs or fell far
/// behind. The message says which rank waited, where and for how long.
/// </summary>
public sealed class RanksFailedException(string message) : Exception(message);
