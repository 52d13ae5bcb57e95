using Xunit;

namespace Functional.Tests.Support;

/// <summary>
/// For test classes that replay a run bit for bit. Sessions draw latents from torch's one global
/// generator, so a test class training in parallel would take draws from the middle of a replayed
/// run; the classes in this collection run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGenerator
{
    public const string Name = "torch's global generator";
}
