using Functional.Generators.Model;
using Functional.Generators.Roles;

namespace Functional.Generators.Emitting;

/// <summary>The trick list's words for a trick: its method, and what it is by its role's row.</summary>
internal static class TrickWording
{
    public static string Of(TrickSpec trick) => trick.Role == Role.GradientPenalty
        ? trick.Interval == 1
            ? $"{trick.Method} (gradient penalty on {trick.Input} inputs)"
            : $"{trick.Method} (gradient penalty on {trick.Input} inputs, lazy: every {trick.Interval} D steps)"
        : $"{trick.Method} ({RoleTable.Of(trick.Role).Trick})";

    /// <summary>The comment above a penalty's block in the generated step.</summary>
    public static string Penalty(PenaltySpec penalty) => penalty.Interval > 1
        ? $"// {penalty.Call.Method}: gradient penalty on {penalty.Input} inputs, every {penalty.Interval} steps, scaled by {penalty.Interval} (lazy regularization)."
        : $"// {penalty.Call.Method}: gradient penalty on {penalty.Input} inputs.";
}
