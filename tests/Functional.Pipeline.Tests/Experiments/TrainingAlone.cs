using Xunit;

namespace Functional.Tests.Experiments;

/// <summary>
/// Tests that train a real experiment run after the parallel ones, alone: sessions draw their
/// latents from libtorch's global generator, so a test running beside them would change their numbers.
/// </summary>
[CollectionDefinition(nameof(TrainingAlone), DisableParallelization = true)]
public sealed class TrainingAlone;
