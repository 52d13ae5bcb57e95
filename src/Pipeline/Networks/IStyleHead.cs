namespace Functional.Networks;

/// <summary>
/// A network with a head over styles (a discriminator's font head, a style encoder's classifier):
/// how many it tells apart, so that data with another number of styles is refused before training
/// (<see cref="Training.Trainer.CheckData"/>) instead of failing inside a loss.
/// </summary>
public interface IStyleHead
{
    int StyleClasses { get; }

    /// <summary>What to change so that the head fits <paramref name="dataStyles"/> styles, as the end of the message (", set …"), or "".</summary>
    string Remedy(int dataStyles) => "";
}
