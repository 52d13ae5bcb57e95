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
}

/// <summary>Marks the experiment's hyperparameter record; role methods may take it as a parameter.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class HyperparametersAttribute : Attribute;
