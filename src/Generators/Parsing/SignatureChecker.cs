using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Functional.Generators.Diagnostics;
using Functional.Generators.Model;
using Functional.Generators.Roles;
using Microsoft.CodeAnalysis;

namespace Functional.Generators.Parsing;

/// <summary>One role-attributed method, with the attribute that marked it and its row of the role table.</summary>
internal sealed record Marked(RoleRow Row, IMethodSymbol Method, AttributeData Attribute)
{
    public Role Role => Row.Role;
}

/// <summary>A checked role method: which of its role's forms it has, and the type it returns (networks, optimizers, frozen networks).</summary>
internal readonly record struct Checked(Marked Marked, int Form, string ReturnType);

/// <summary>
/// Checks role methods against the forms their row of the role table allows; each mismatch is one
/// FGAN003 naming the role's signature. A role method may also take, last, the experiment's
/// [Hyperparameters] record and then the session's random generator (a torch.Generator).
/// </summary>
internal sealed class SignatureChecker(KnownTypes known, List<DiagnosticInfo> diagnostics)
{
    /// <summary>The method's parameters less the trailing [Hyperparameters] record and Generator.</summary>
    public ImmutableArray<IParameterSymbol> Inputs(IMethodSymbol method)
    {
        var parameters = method.Parameters;
        if (parameters.Length > 0 && known.Is(parameters[parameters.Length - 1].Type, known.Generator))
            parameters = parameters.RemoveAt(parameters.Length - 1);
        if (parameters.Length > 0 && known.IsHyperparameters(parameters[parameters.Length - 1].Type))
            parameters = parameters.RemoveAt(parameters.Length - 1);
        return parameters;
    }

    public RoleCall Call(Marked m) => new(
        m.Method.Name,
        m.Method.Parameters.Any(p => known.IsHyperparameters(p.Type)),
        m.Method.Parameters.Length > 0 && known.Is(m.Method.Parameters[m.Method.Parameters.Length - 1].Type, known.Generator));

    void Wrong(Marked m) =>
        diagnostics.Add(DiagnosticInfo.Create(Descriptors.WrongSignature, m.Method.Locations.FirstOrDefault(),
            m.Row.Name, m.Method.Name, m.Row.Signature));

    /// <summary>The form the method has, or null (after an FGAN003) when it has none of its role's.</summary>
    public Checked? Check(Marked m, string? frozenNetworkType)
    {
        var returnType = m.Method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        int? form = m.Row.Check switch
        {
            Roles.Check.Network => Network(m),
            Roles.Check.Optimizer => Inputs(m.Method) is { Length: 1 } p && known.IsParameters(p[0].Type) && known.DerivesFrom(m.Method.ReturnType, known.Optimizer) ? 0 : null,
            Roles.Check.Module => Inputs(m.Method) is { Length: 1 } p && known.Is(p[0].Type, known.DataOptions) && known.DerivesFrom(m.Method.ReturnType, known.Module) ? 0 : null,
            _ => Forms(m, frozenNetworkType),
        };
        if (form is null)
        {
            Wrong(m);
            return null;
        }
        return new Checked(m, form.Value, returnType);
    }

    int? Forms(Marked m, string? frozenNetworkType)
    {
        var inputs = Inputs(m.Method);
        for (var i = 0; i < m.Row.Forms.Length; i++)
        {
            var form = m.Row.Forms[i];
            if (!Is(m.Method.ReturnType, form.Returns, frozenNetworkType) || inputs.Length != form.Parameters.Length) continue;
            var matches = true;
            for (var k = 0; matches && k < inputs.Length; k++) matches = Is(inputs[k].Type, form.Parameters[k], frozenNetworkType);
            if (matches) return i;
        }
        return null;
    }

    bool Is(ITypeSymbol? type, Shape shape, string? frozenNetworkType) => shape switch
    {
        Shape.Tensor => known.IsTensor(type),
        Shape.Int => type?.SpecialType == SpecialType.System_Int32,
        Shape.Long => type?.SpecialType == SpecialType.System_Int64,
        Shape.Double => type?.SpecialType == SpecialType.System_Double,
        Shape.Void => type?.SpecialType == SpecialType.System_Void,
        Shape.Device => known.Is(type, known.Device),
        Shape.Batch => known.Is(type, known.Batch),
        Shape.DataOptions => known.Is(type, known.DataOptions),
        Shape.Parameters => known.IsParameters(type),
        Shape.BatchSource => known.Implements(type, known.BatchSource),
        Shape.RunData => known.Is(type, known.BatchSource),
        Shape.MetricSet => known.Is(type, known.MetricSet),
        Shape.TrainingSchedule => known.Is(type, known.TrainingSchedule),
        Shape.VariantList => known.IsVariantList(type),
        // Without a [FrozenNetwork] any module fits, so that the missing role is what gets reported (FGAN014).
        Shape.FrozenNetwork => frozenNetworkType is null
            ? known.DerivesFrom(type, known.Module)
            : type?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == frozenNetworkType,
        _ => false,
    };

    /// <summary>A module factory: a <see cref="NetworkForm"/> by the module's inputs and output (the auxiliary forms for the discriminator only).</summary>
    int? Network(Marked m)
    {
        var signature = known.ModuleSignature(m.Method.ReturnType);
        if (Inputs(m.Method).Length != 0 || signature.Length < 2) return null;
        var inputs = signature.Take(signature.Length - 1).ToList();
        var output = signature[signature.Length - 1];
        if (!inputs.All(known.IsTensor) || inputs.Count > 2) return null;
        var conditional = inputs.Count == 2;
        if (known.IsTensor(output)) return (int)(conditional ? NetworkForm.Conditional : NetworkForm.Plain);
        if (m.Role == Role.Discriminator && known.IsTensorPair(output))
            return (int)(conditional ? NetworkForm.ConditionalAuxiliary : NetworkForm.Auxiliary);
        return null;
    }
}
