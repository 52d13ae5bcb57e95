using Functional.Data;
using Functional.Data.Fonts;
using Functional.Examples.Glyphs;
using Functional.Metrics;
using Functional.Networks;
using Functional.Training;
using static TorchSharp.torch;

namespace Functional.Tests.Experiments.Wnet;

/// <summary>Small glyphs-wnet sessions for the tests: 16 px, narrow networks, a short classifier.</summary>
internal static class WnetSessions
{
    public static readonly GlyphWnet.Settings Tiny = new(Size: 16, Width: 4, ClassifierSteps: 20);

    public static GanSession Session(GlyphWnet.Settings settings, long seed = 0) =>
        GlyphWnet.Definition.WithSettings(settings).CreateSession(SessionOptions.Cpu(seed));

    public static GlyphTriples Data(GlyphWnet.Settings settings, int batchSize = 8, long seed = 0) =>
        (GlyphTriples)GlyphWnet.Definition.WithSettings(settings).CreateData!(new DataOptions(batchSize, seed, CPU));

    public static WNetGenerator Generator(GanSession session) => (WNetGenerator)session.Networks.Single(n => n.Name == "generator").Module;

    public static WNetDiscriminator Discriminator(GanSession session) => (WNetDiscriminator)session.Networks.Single(n => n.Name == "discriminator").Module;

    public static FeatureClassifier Features(GlyphWnet.Settings settings) => GlyphWnet.FeatureNetwork(new DataOptions(1, 0, CPU), settings);
}
