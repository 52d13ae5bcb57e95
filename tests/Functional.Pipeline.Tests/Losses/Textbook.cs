namespace Functional.Tests.Losses;

/// <summary>
/// The losses as the papers write them, computed naively in double: the oracles the stable
/// tensor versions must agree with on moderate logits. 1 - sigmoid(x) is written sigmoid(-x),
/// its exact equal, only so that double itself does not round it to 0.
/// </summary>
public static class Textbook
{
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    static double LogSigmoid(double x) => Math.Log(Sigmoid(x));

    static double LogOneMinusSigmoid(double x) => Math.Log(Sigmoid(-x));

    public static double Mean(float[] values, Func<double, double> f) => values.Average(v => f(v));

    public static double GoodfellowDiscriminator(float[] real, float[] fake) =>
        -Mean(real, LogSigmoid) - Mean(fake, LogOneMinusSigmoid);

    public static double NonSaturatingGenerator(float[] fake) => -Mean(fake, LogSigmoid);

    public static double MinimaxGenerator(float[] fake) => Mean(fake, LogOneMinusSigmoid);

    public static double CrossEntropy(float[] logits, float[] targets) =>
        -logits.Zip(targets, (x, t) => t * LogSigmoid(x) + (1 - t) * LogOneMinusSigmoid(x)).Average();

    public static double WassersteinCritic(float[] real, float[] fake) => Mean(fake, x => x) - Mean(real, x => x);

    public static double HingeDiscriminator(float[] real, float[] fake) =>
        Mean(real, x => Math.Max(0, 1 - x)) + Mean(fake, x => Math.Max(0, 1 + x));

    public static double LeastSquaresDiscriminator(float[] real, float[] fake) =>
        0.5 * Mean(real, x => (x - 1) * (x - 1)) + 0.5 * Mean(fake, x => x * x);

    public static double LeastSquaresGenerator(float[] fake) => 0.5 * Mean(fake, x => (x - 1) * (x - 1));

    // Jolicoeur-Martineau 2018, RaSGAN: D̃(x_r) = sigmoid(C(x_r) - E C(x_f)), D̃(x_f) = sigmoid(C(x_f) - E C(x_r)).
    public static double RelativisticAverageDiscriminator(float[] real, float[] fake)
    {
        var meanReal = Mean(real, x => x);
        var meanFake = Mean(fake, x => x);
        return -Mean(real, x => LogSigmoid(x - meanFake)) - Mean(fake, x => LogOneMinusSigmoid(x - meanReal));
    }

    public static double RelativisticAverageGenerator(float[] fake, float[] real)
    {
        var meanReal = Mean(real, x => x);
        var meanFake = Mean(fake, x => x);
        return -Mean(fake, x => LogSigmoid(x - meanReal)) - Mean(real, x => LogOneMinusSigmoid(x - meanFake));
    }
}
