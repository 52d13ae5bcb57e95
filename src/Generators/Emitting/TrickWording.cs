using Functional.Generators.Model;
using Functional.Generators.Roles;

namespace Functional.Generators.Emitting;

/// <summary>The trick list's words for a trick: its method, and what it is by its role's row.</summary>
internal static class TrickWording
{
    public static string Of(TrickSpec trick, AugmentationSpec? augmentation = null) => trick.Role switch
    {
        Role.GradientPenalty => trick.Interval == 1
            ? $"{trick.Method} (gradient penalty on {trick.Input} inputs)"
            : $"{trick.Method} (gradient penalty on {trick.Input} inputs, lazy: every {trick.Interval} D steps)",
        Role.Augmentation when augmentation is { Adaptive: true } a =>
            $"{trick.Method} ({RoleTable.Of(trick.Role).Trick}, adaptive: r_t target {Number(a.Target)}, every {a.Interval} D steps)",
        Role.Augmentation when augmentation is { } a => $"{trick.Method} ({RoleTable.Of(trick.Role).Trick}, p = {Number(a.Probability)})",
        _ => $"{trick.Method} ({RoleTable.Of(trick.Role).Trick})",
    };

    static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The comment above a penalty's block in the generated step.</summary>
    public static string Penalty(PenaltySpec penalty) => penalty.Interval > 1
        ? $"// {penalty.Call.Method}: gradient penalty on {penalty.Input} inputs, every {penalty.Interval} steps, scaled by {penalty.Interval} (lazy regularization)."
        : $"// {penalty.Call.Method}: gradient penalty on {penalty.Input} inputs.";
}
