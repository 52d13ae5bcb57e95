using System.Diagnostics.Contracts;
using Functional.Data;
using static TorchSharp.torch;

namespace Functional.Tricks;

/// <summary>
/// Penalties on the discriminator's gradient with respect to its input, and the points they are
/// taken at. Compute the gradients with <see cref="InputGradients"/> (which keeps the graph, so the
/// penalty itself can be back-propagated), then pass them to one penalty and add it to the loss.
/// </summary>
public static class GradientPenalties
{
    /// <summary>
    /// d(sum outputs)/d inputs, with the graph kept (create_graph) so a penalty on it trains the
    /// discriminator, and retained (TorchSharp's retain_graph defaults to false, unlike PyTorch's)
    /// so the discriminator's own loss can still back-propagate through the same forward pass.
    /// <paramref name="inputs"/> must have requires_grad set before the forward pass.
    /// </summary>
    [Pure]
    public static Tensor InputGradients(Tensor outputs, Tensor inputs) =>
        autograd.grad([outputs.sum()], [inputs], create_graph: true, retain_graph: true)[0];

    /// <summary>The L2 norm of each sample's gradient over all its non-batch dimensions: shape [batch].</summary>
    [Pure]
    public static Tensor PerSampleNorm(Tensor gradients) =>
        linalg.vector_norm(gradients.flatten(1), dims: [1]);

    /// <summary>
    /// WGAN-GP (Gulrajani et al. 2017): lambda mean (||grad|| - target)², taken at
    /// <see cref="Interpolate(Tensor, Tensor, Generator?)"/>d points, pushes the critic towards 1-Lipschitz without clipping.
    /// </summary>
    [Pure]
    public static Tensor WganGp(Tensor gradients, double lambda = 10, double target = 1) =>
        lambda * (PerSampleNorm(gradients) - target).square().mean();

    /// <summary>lambda mean relu(||grad|| - 1)²: penalises only slopes steeper than 1, as the Lipschitz bound asks (Gulrajani et al. 2017; Petzka et al. 2018).</summary>
    [Pure]
    public static Tensor OneSidedWganGp(Tensor gradients, double lambda = 10) =>
        lambda * (PerSampleNorm(gradients) - 1).relu().square().mean();

    /// <summary>
    /// R1 (Mescheder et al. 2018): gamma/2 mean ||grad||² on real data. Zero-centred, so the
    /// discriminator is pushed to be flat on the data manifold, which makes training converge locally.
    /// </summary>
    [Pure]
    public static Tensor R1(Tensor realGradients, double gamma = 10) =>
        SquaredNormPenalty(realGradients, gamma);

    /// <summary>R2 (Mescheder et al. 2018): the same penalty taken on generated samples.</summary>
    [Pure]
    public static Tensor R2(Tensor fakeGradients, double gamma = 10) =>
        SquaredNormPenalty(fakeGradients, gamma);

    /// <summary>DRAGAN (Kodali et al. 2017): lambda mean (||grad|| - 1)², taken at <see cref="Perturb(Tensor, double, Generator?)"/>ed real points.</summary>
    [Pure]
    public static Tensor Dragan(Tensor gradients, double lambda = 10) =>
        WganGp(gradients, lambda, target: 1);

    /// <summary>
    /// alpha real + (1 - alpha) fake with one alpha ~ U(0, 1) per sample, detached: the points on the
    /// lines between real and fake samples where WGAN-GP is taken. Call requires_grad_(true) on the
    /// result before feeding it to the critic. Not [Pure]: it draws from <paramref name="g"/>.
    /// </summary>
    public static Tensor Interpolate(Tensor real, Tensor fake, Generator? g = null) =>
        Mix(rand(PerSampleShape(real), dtype: real.dtype, device: real.device, generator: g), real.detach(), fake.detach());

    /// <summary>
    /// <see cref="Interpolate(Tensor, Tensor, Generator?)"/> on one rank's shard of a data-parallel
    /// batch: the alphas are drawn for the whole batch and the shard's are kept, so the ranks
    /// together draw what one process would, and their streams stay alike.
    /// </summary>
    public static Tensor Interpolate(Tensor real, Tensor fake, Generator? g, BatchShard shard) =>
        shard.IsWhole
            ? Interpolate(real, fake, g)
            : Mix(shard.Take(rand(PerSampleShape(real, shard.WholeRows(real.size(0))), dtype: real.dtype, device: real.device, generator: g)), real.detach(), fake.detach());

    /// <summary>
    /// real + c std(real) U(0, 1), elementwise and detached: DRAGAN's points near the data. std is the
    /// population std of the whole batch, as in the paper's code (numpy's x.std()). Not [Pure]: it draws from <paramref name="g"/>.
    /// </summary>
    public static Tensor Perturb(Tensor real, double c = 0.5, Generator? g = null) =>
        Nudge(real.detach(), c, rand(real.shape, dtype: real.dtype, device: real.device, generator: g));

    /// <summary>
    /// <see cref="Perturb(Tensor, double, Generator?)"/> on one rank's shard: the noise drawn for the
    /// whole batch, the shard's kept. The std is the shard's, as a batch statistic is on one rank.
    /// </summary>
    public static Tensor Perturb(Tensor real, BatchShard shard, double c = 0.5, Generator? g = null) =>
        shard.IsWhole
            ? Perturb(real, c, g)
            : Nudge(real.detach(), c, shard.Take(rand([shard.WholeRows(real.size(0)), .. real.shape.Skip(1)], dtype: real.dtype, device: real.device, generator: g)));

    [Pure]
    static Tensor Nudge(Tensor real, double c, Tensor uniform) =>
        real + c * real.std(unbiased: false) * uniform;

    [Pure]
    static Tensor Mix(Tensor alpha, Tensor real, Tensor fake) =>
        alpha * real + (1 - alpha) * fake;

    // [batch, 1, 1, ...]: one draw per sample, broadcast over the rest.
    [Pure]
    static long[] PerSampleShape(Tensor batch) => PerSampleShape(batch, batch.shape[0]);

    [Pure]
    static long[] PerSampleShape(Tensor batch, long rows) =>
        [rows, .. Enumerable.Repeat(1L, (int)batch.dim() - 1)];

    [Pure]
    static Tensor SquaredNormPenalty(Tensor gradients, double gamma) =>
        gamma / 2 * gradients.flatten(1).square().sum(1).mean();
}
