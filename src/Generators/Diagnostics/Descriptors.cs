using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Functional.Generators.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are stable; see AnalyzerReleases.Unshipped.md.</summary>
public static class Descriptors
{
    const string Category = "Functional.GanExperiment";
    const string HelpRoot = "https://github.com/functional-gan/functional/blob/main/docs/diagnostics.md#";

    static DiagnosticDescriptor Rule(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpRoot + id.ToLowerInvariant());

    public static readonly DiagnosticDescriptor NotStaticPartial = Rule(
        "FGAN001", "An experiment must be a static partial class",
        "Experiment class '{0}' must be declared 'static partial' so that the generator can add its training session");

    public static readonly DiagnosticDescriptor MissingRole = Rule(
        "FGAN002", "An experiment is missing a required role",
        "Experiment '{0}' has no [{1}] method; add one with the signature {2}");

    public static readonly DiagnosticDescriptor WrongSignature = Rule(
        "FGAN003", "A role method has the wrong signature",
        "[{0}] method '{1}' must have the signature {2}");

    public static readonly DiagnosticDescriptor DuplicateRole = Rule(
        "FGAN004", "A role is declared twice",
        "Experiment '{0}' declares [{1}] on both '{2}' and '{3}'; keep one");

    public static readonly DiagnosticDescriptor RoleNotStatic = Rule(
        "FGAN005", "A role method must be static",
        "[{0}] method '{1}' must be static: experiments hold no instance state");

    public static readonly DiagnosticDescriptor BadPenaltyInterval = Rule(
        "FGAN006", "A gradient penalty's interval must be at least 1",
        "[GradientPenalty] method '{0}' has Interval = {1}; use 1 (every step) or more (lazy regularization)");

    public static readonly DiagnosticDescriptor BatchNormWithPenalty = Rule(
        "FGAN007", "BatchNorm in a discriminator that has a gradient penalty",
        "Discriminator '{0}' uses {1} while the experiment has gradient penalty '{2}': batch statistics couple the samples, so the per-sample input gradient is wrong; use LayerNorm, InstanceNorm, GroupNorm, weight norm or spectral norm",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SparseGradientLayer = Rule(
        "FGAN008", "Pooling or ReLU in a discriminator",
        "Discriminator '{0}' uses {1}, which passes sparse gradients to the generator; use LeakyReLU and strided convolutions",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ConditionalMismatch = Rule(
        "FGAN009", "Conditional networks need class labels",
        "Experiment '{0}' has a conditional {1} but declares no Classes; set [GanExperiment(\"{2}\", Classes = N)]");

    public static readonly DiagnosticDescriptor AuxiliaryMismatch = Rule(
        "FGAN010", "Auxiliary classifier and discriminator disagree",
        "Experiment '{0}': {1}");

    public static readonly DiagnosticDescriptor InvalidExperimentName = Rule(
        "FGAN011", "Experiment names must be unique, non-empty command-line words",
        "Experiment name '{0}' is not valid: {1}");

    public static readonly DiagnosticDescriptor HyperparameterNotSettable = Rule(
        "FGAN012", "A hyperparameter cannot be set by name",
        "Hyperparameter '{0}' of '{1}' cannot be set with --set or a JSON file: {2}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor BadHyperparameterBounds = Rule(
        "FGAN013", "A hyperparameter's bounds are invalid",
        "Hyperparameter '{0}' of '{1}': {2}");

    public static readonly DiagnosticDescriptor RoleNeedsRole = Rule(
        "FGAN014", "A role needs another role that the experiment lacks",
        "Experiment '{0}': [{1}] method '{2}' needs {3}; add it, or remove '{2}'");

    public static readonly DiagnosticDescriptor BadTrainingLength = Rule(
        "FGAN015", "An experiment's declared training length must be positive",
        "Experiment '{0}' declares {1} = {2}; use a positive number, or leave it out for the library's default");

    public static readonly DiagnosticDescriptor BadAugmentation = Rule(
        "FGAN020", "An augmentation's settings are out of range",
        "[Augmentation] method '{0}' has {1} = {2}; {3}");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        NotStaticPartial, MissingRole, WrongSignature, DuplicateRole, RoleNotStatic, BadPenaltyInterval,
        BatchNormWithPenalty, SparseGradientLayer, ConditionalMismatch, AuxiliaryMismatch, InvalidExperimentName,
        HyperparameterNotSettable, BadHyperparameterBounds, RoleNeedsRole, BadTrainingLength,
        BadAugmentation,
    };

    static readonly Dictionary<string, DiagnosticDescriptor> Index = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => Index[id];
}
