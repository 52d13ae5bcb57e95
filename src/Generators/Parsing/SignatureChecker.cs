using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Functional.Generators.Diagnostics;
using Functional.Generators.Model;
using Microsoft.CodeAnalysis;
using Marked = Functional.Generators.Parsing.ExperimentParser.Marked;

namespace Functional.Generators.Parsing;

/// <summary>What a network factory returns: its type and which calling convention it has.</summary>
internal readonly record struct NetworkShape(string TypeName, bool Conditional, bool Auxiliary);

/// <summary>Checks role methods against their expected signatures; each mismatch is one FGAN003.</summary>
internal sealed class SignatureChecker(KnownTypes known, List<DiagnosticInfo> diagnostics)
{
    /// <summary>The method's parameters, less a trailing [Hyperparameters] record.</summary>
    ImmutableArray<IParameterSymbol> Inputs(IMethodSymbol method) =>
        method.Parameters.Length > 0 && known.IsHyperparameters(method.Parameters[method.Parameters.Length - 1].Type)
            ? method.Parameters.RemoveAt(method.Parameters.Length - 1)
            : method.Parameters;

    void Wrong(Marked m) =>
        diagnostics.Add(DiagnosticInfo.Create(Descriptors.WrongSignature, m.Method.Locations.FirstOrDefault(),
            m.Role, m.Method.Name, Roles.Signature(m.Role) ?? ""));

    public NetworkShape Network(Marked? m, bool allowAuxiliary)
    {
        if (m is null) return default;
        var signature = known.ModuleSignature(m.Method.ReturnType);
        var typeName = m.Method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (Inputs(m.Method).Length == 0 && signature.Length >= 2)
        {
            var inputs = signature.Take(signature.Length - 1).ToList();
            var output = signature[signature.Length - 1];
            var inputsOk = inputs.All(known.IsTensor);
            if (inputsOk && known.IsTensor(output)) return new NetworkShape(typeName, inputs.Count == 2, false);
            if (inputsOk && allowAuxiliary && known.IsTensorPair(output)) return new NetworkShape(typeName, inputs.Count == 2, true);
        }
        Wrong(m);
        return default;
    }

    public LatentShape Latent(Marked? m)
    {
        if (m is null) return LatentShape.SizeAndDevice;
        var p = Inputs(m.Method);
        if (known.IsTensor(m.Method.ReturnType))
        {
            if (p.Length == 2 && known.IsLong(p[0].Type) && known.Is(p[1].Type, known.Device)) return LatentShape.SizeAndDevice;
            if (p.Length == 1 && known.Is(p[0].Type, known.Batch)) return LatentShape.Batch;
        }
        Wrong(m);
        return LatentShape.SizeAndDevice;
    }

    /// <summary>A function of Tensors returning a Tensor, with one of the allowed arities; returns the arity.</summary>
    public int TensorFunction(Marked? m, int[] arities)
    {
        if (m is null) return 0;
        var p = Inputs(m.Method);
        if (known.IsTensor(m.Method.ReturnType) && arities.Contains(p.Length) && p.All(x => known.IsTensor(x.Type)))
            return p.Length;
        Wrong(m);
        return 0;
    }

    public string Optimizer(Marked? m)
    {
        if (m is null) return "";
        var p = Inputs(m.Method);
        if (p.Length == 1 && known.IsParameters(p[0].Type) && known.DerivesFrom(m.Method.ReturnType, known.Optimizer))
            return m.Method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        Wrong(m);
        return "";
    }

    public void Returns(Marked? m, Func<ITypeSymbol?, bool> returns, params Func<ITypeSymbol?, bool>[] parameters)
    {
        if (m is null) return;
        var p = Inputs(m.Method);
        var ok = returns(m.Method.ReturnType) && p.Length == parameters.Length;
        for (var i = 0; ok && i < p.Length; i++) ok = parameters[i](p[i].Type);
        if (!ok) Wrong(m);
    }

    public string? Frozen(Marked? m)
    {
        if (m is null) return null;
        var p = Inputs(m.Method);
        if (p.Length == 1 && known.Is(p[0].Type, known.DataOptions) && known.DerivesFrom(m.Method.ReturnType, known.Module))
            return m.Method.ReturnType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        Wrong(m);
        return null;
    }

    /// <summary>(generated, target) or (generated, target, frozen network); returns whether it takes the network.</summary>
    public bool Reconstruction(Marked? m, string? frozenType)
    {
        if (m is null) return false;
        var p = Inputs(m.Method);
        if (known.IsTensor(m.Method.ReturnType) && p.Length >= 2 && known.IsTensor(p[0].Type) && known.IsTensor(p[1].Type))
        {
            if (p.Length == 2) return false;
            if (p.Length == 3 && frozenType is not null
                && p[2].Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == frozenType) return true;
        }
        Wrong(m);
        return false;
    }
}
