using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Bench;

/// <summary>
/// The same training step written by hand, the way the TorchSharp examples write one: a dispose
/// scope per step, the networks and optimizers as fields, R1 through autograd.grad with
/// create_graph, and an EMA as one lerp_ per parameter over the modules' parameter lists.
/// This is the baseline the generated step is measured against. With
/// <see cref="BackwardToTrainedOnly"/> each backward pass is asked for the trained network's
/// parameters only (<c>backward(inputs: …)</c>), so libtorch skips the other network's weight
/// gradients in the generator's step and the real batch's input gradient in the discriminator's,
/// as the generated step does: the bench measures what that saves.
/// </summary>
public sealed class HandWrittenStep : IDisposable
{
    readonly nn.Module<Tensor, Tensor> generator, discriminator, averaged;
    readonly optim.Optimizer generatorOptimizer, discriminatorOptimizer;
    readonly Device device;
    readonly long latentSize;
    readonly double gamma = 10, decay = 0.999;
    readonly Tensor[] generatorParameters, discriminatorParameters;

    public bool BackwardToTrainedOnly { get; init; }

    public HandWrittenStep(Func<nn.Module<Tensor, Tensor>> makeGenerator, Func<nn.Module<Tensor, Tensor>> makeDiscriminator, long latentSize, Device device)
    {
        this.device = device;
        this.latentSize = latentSize;
        generator = makeGenerator().to(device);
        averaged = makeGenerator().to(device);
        discriminator = makeDiscriminator().to(device);
        using (no_grad())
            foreach (var (a, g) in averaged.parameters().Zip(generator.parameters())) a.copy_(g);
        foreach (var p in averaged.parameters()) p.requires_grad = false;
        averaged.eval();
        generatorParameters = generator.parameters().ToArray();
        discriminatorParameters = discriminator.parameters().ToArray();
        generatorOptimizer = optim.Adam(generator.parameters(), lr: 2e-4, beta1: 0.5, beta2: 0.999);
        discriminatorOptimizer = optim.Adam(discriminator.parameters(), lr: 2e-4, beta1: 0.5, beta2: 0.999);
    }

    public void Step(Tensor real)
    {
        using var scope = NewDisposeScope();
        var batch = real.size(0);

        // Discriminator: NS loss + R1 on real data.
        Tensor fake;
        using (no_grad()) fake = generator.call(randn(batch, latentSize, device: device));
        var realInput = real.detach().requires_grad_(true);
        var realLogits = discriminator.call(realInput);
        var fakeLogits = discriminator.call(fake);
        var dLoss = nn.functional.softplus(-realLogits).mean() + nn.functional.softplus(fakeLogits).mean();
        var gradients = autograd.grad([realLogits.sum()], [realInput], create_graph: true, retain_graph: true)[0];
        var r1 = gradients.square().flatten(1).sum(1).mean() * (gamma / 2);
        discriminatorOptimizer.zero_grad();
        if (BackwardToTrainedOnly) (dLoss + r1).backward(inputs: discriminatorParameters);
        else (dLoss + r1).backward();
        discriminatorOptimizer.step();

        // Generator: NS loss.
        var generated = generator.call(randn(batch, latentSize, device: device));
        var gLoss = nn.functional.softplus(-discriminator.call(generated)).mean();
        generatorOptimizer.zero_grad();
        if (BackwardToTrainedOnly) gLoss.backward(inputs: generatorParameters);
        else gLoss.backward();
        generatorOptimizer.step();

        // EMA, one parameter at a time; buffers copied.
        using (no_grad())
        {
            foreach (var (a, g) in averaged.parameters().Zip(generator.parameters())) a.lerp_(g, 1 - decay);
            foreach (var (a, g) in averaged.buffers().Zip(generator.buffers())) a.copy_(g);
        }
    }

    public void Dispose()
    {
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        generator.Dispose();
        discriminator.Dispose();
        averaged.Dispose();
    }
}
