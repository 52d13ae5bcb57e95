using TorchSharp;

namespace Functional.Data;

/// <summary>
/// One batch of real data on the training device. <see cref="Labels"/> is set for labelled data;
/// <see cref="Source"/> holds the paired input for translation tasks (the generator's input, with
/// <see cref="Real"/> as its target); <see cref="StyleLabels"/> is a second label of each sample
/// (its font, where <see cref="Labels"/> is its character) for a discriminator's style head.
/// </summary>
public readonly record struct Batch(torch.Tensor Real, torch.Tensor? Labels = null, torch.Tensor? Source = null, torch.Tensor? StyleLabels = null)
{
    public long Size => Real.size(0);
}
