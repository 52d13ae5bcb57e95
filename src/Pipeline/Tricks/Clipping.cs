using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// In-place clipping of parameters and gradients. These mutate the parameters they are given, so
/// they are not [Pure]; call them between backward() and the optimizer step (gradients) or after
/// the step (weights).
/// </summary>
public static class Clipping
{
    /// <summary>
    /// Clamps every weight into [-limit, limit]: the original WGAN's crude way to keep the critic
    /// Lipschitz (Arjovsky et al. 2017). Prefer a gradient penalty; clipping wastes capacity.
    /// </summary>
    public static void Weights(IEnumerable<Parameter> parameters, double limit = 0.01)
    {
        var bound = limit > 0 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), limit, "Clipping limit must be > 0.");
        using var noGrad = no_grad();
        foreach (var parameter in parameters)
            parameter.clamp_(-bound, bound);
    }

    /// <summary>
    /// Rescales the gradients so their total L2 norm is at most <paramref name="maxNorm"/>, and returns
    /// the norm they had before, worth logging: a spike says training is about to blow up.
    /// </summary>
    public static double GradientNorm(IEnumerable<Parameter> parameters, double maxNorm = 1.0) =>
        maxNorm > 0
            ? nn.utils.clip_grad_norm_(parameters, maxNorm)
            : throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "Maximum gradient norm must be > 0.");
}
