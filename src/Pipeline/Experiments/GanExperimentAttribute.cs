namespace Functional;

/// <summary>
/// Marks a static partial class as a GAN experiment. The source generator reads the role
/// attributes on its static methods and writes a training session for it (a compiled step).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GanExperimentAttribute(string name) : Attribute
{
    /// <summary>The experiment's name on the command line (<c>train NAME</c>).</summary>
    public string Name { get; } = name;

    /// <summary>One line on what the experiment shows.</summary>
    public string Description { get; set; } = "";

    /// <summary>Number of classes for conditional experiments; 0 for unconditional ones.</summary>
    public int Classes { get; set; }

    /// <summary>Discriminator steps `train NAME` runs unless told (--steps): the length the experiment was tuned at; 0 for the library's 3,000.</summary>
    public long Steps { get; set; }

    /// <summary>The batch size `train NAME` uses unless told (--batch-size); 0 for the library's 256.</summary>
    public int BatchSize { get; set; }

    /// <summary>Steps between evaluations unless told (--eval-every); 0 for the library's 1,000.</summary>
    public int EvaluateEvery { get; set; }
}

/// <summary>Marks the experiment's hyperparameter record; role methods may take it as a parameter.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class HyperparametersAttribute : Attribute;

/// <summary>
/// Bounds and a description for one member of a [Hyperparameters] record, put on its positional
/// parameter. `train --set name=value` and JSON overrides are checked against the bounds (inclusive),
/// and `list` shows them. Numbers only; the generator reports FGAN013 when the bounds are inverted
/// or leave out the member's default.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property, Inherited = false)]
public sealed class HyperparameterAttribute : Attribute
{
    public double Minimum { get; set; } = double.NegativeInfinity;
    public double Maximum { get; set; } = double.PositiveInfinity;
    public string Description { get; set; } = "";
}
