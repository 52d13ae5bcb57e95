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
/// The types that the experiment's [FrozenNetwork], [Generator] and [Discriminator] methods return
/// (null where it has none): a role that takes one of those networks must name its type.
/// </summary>
internal readonly record struct NetworkTypes(string? Frozen, string? Generator, string? Discriminator);

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
    public Checked? Check(Marked m, NetworkTypes networks)
    {
        var returnType = m.Method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        int? form = m.Row.Check switch
        {
            Roles.Check.Network => Network(m),
            Roles.Check.Optimizer => Inputs(m.Method) is { Length: 1 } p && known.IsParameters(p[0].Type) && known.DerivesFrom(m.Method.ReturnType, known.Optimizer) ? 0 : null,
            Roles.Check.Module => Inputs(m.Method) is { Length: 1 } p && known.Is(p[0].Type, known.DataOptions) && known.DerivesFrom(m.Method.ReturnType, known.Module) ? 0 : null,
            _ => Forms(m, networks),
        };
        if (form is null)
        {
            Wrong(m);
            return null;
        }
        return new Checked(m, form.Value, returnType);
    }

    int? Forms(Marked m, NetworkTypes networks)
    {
        var inputs = Inputs(m.Method);
        for (var i = 0; i < m.Row.Forms.Length; i++)
        {
            var form = m.Row.Forms[i];
            if (!Is(m.Method.ReturnType, form.Returns, networks) || inputs.Length != form.Parameters.Length) continue;
            var matches = true;
            for (var k = 0; matches && k < inputs.Length; k++) matches = Is(inputs[k].Type, form.Parameters[k], networks);
            if (matches) return i;
        }
        return null;
    }

    bool Is(ITypeSymbol? type, Shape shape, NetworkTypes networks) => shape switch
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
        Shape.FrozenNetwork => IsNetwork(type, networks.Frozen),
        Shape.GeneratorNetwork => IsNetwork(type, networks.Generator),
        Shape.DiscriminatorNetwork => IsNetwork(type, networks.Discriminator),
        Shape.Translator => known.IsTranslator(type),
        _ => false,
    };

    /// <summary>
    /// A parameter that takes one of the experiment's networks has its type; without that network
    /// (or with a wrong signature on it) any module fits, so that what gets reported is the missing
    /// role (FGAN014) or the network's own signature, not this parameter.
    /// </summary>
    bool IsNetwork(ITypeSymbol? type, string? networkType) => networkType is null
        ? known.DerivesFrom(type, known.Module)
        : type?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == networkType;

    /// <summary>
    /// A module factory: a <see cref="NetworkForm"/> by the module's inputs and output (the
    /// auxiliary forms for the discriminator only, the encoded form for the generator only).
    /// </summary>
    int? Network(Marked m)
    {
        var signature = known.ModuleSignature(m.Method.ReturnType);
        if (Inputs(m.Method).Length != 0 || signature.Length < 2) return null;
        var inputs = signature.Take(signature.Length - 1).ToList();
        var output = signature[signature.Length - 1];
        if (!inputs.All(known.IsTensor) || inputs.Count > 2) return null;
        var conditional = inputs.Count == 2;
        if (known.IsTensor(output)) return (int)(conditional ? NetworkForm.Conditional : NetworkForm.Plain);
        if (m.Role == Role.Discriminator && known.IsTensorTuple(output, 2))
            return (int)(conditional ? NetworkForm.ConditionalAuxiliary : NetworkForm.Auxiliary);
        if (m.Role == Role.Discriminator && !conditional && known.IsTensorTuple(output, 3)) return (int)NetworkForm.AuxiliaryWithStyle;
        if (m.Role == Role.Generator && !conditional && known.IsTensorTuple(output, 2)) return (int)NetworkForm.Encoded;
        return null;
    }
}
