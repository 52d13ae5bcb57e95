namespace Functional;

/// <summary>
/// The base of every role attribute ([Generator], [GradientPenalty], …): each marks a static method
/// of a [GanExperiment] class as one part of the training step. The source generator's role table
/// has one row per role attribute, and a test holds the two together.
/// </summary>
public abstract class RoleAttribute : Attribute;
