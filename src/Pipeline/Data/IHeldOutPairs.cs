namespace Functional.Data;

/// <summary>
/// A paired data source that can show pairs its training batches never hold (for W-Net: fonts and
/// characters kept out of training), for the pictures of a translation run's work.
/// </summary>
public interface IHeldOutPairs
{
    /// <summary>The same <paramref name="count"/> held-out pairs every time, on the source's device, in the caller's dispose scope.</summary>
    Batch HeldOut(int count);
}
