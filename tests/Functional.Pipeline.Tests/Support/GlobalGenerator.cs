using Xunit;

namespace Functional.Tests.Support;

/// <summary>
/// For test classes that use torch's global generator: they seed it and read it back, or they
/// build two sessions from one seed and compare their weights bit for bit. Everything a session's
/// step draws comes from the session's own generator, so training tests need no collection; but
/// libtorch's layers draw their initial weights from the global generator, and any module built
/// elsewhere in the process at the same moment would take some of those numbers. The classes in
/// this collection run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalGenerator
{
    public const string Name = "torch's global generator";
}
