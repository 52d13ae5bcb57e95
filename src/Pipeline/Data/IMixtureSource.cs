namespace Functional.Data;

/// <summary>A data source drawn from a known <see cref="GaussianMixture"/>: pictures of its samples can show the modes.</summary>
public interface IMixtureSource
{
    GaussianMixture Mixture { get; }
}
