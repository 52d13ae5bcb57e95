using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Functional.Generators.Diagnostics;
using Functional.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Functional.Generators.Parsing;

/// <summary>
/// Reads the discriminator factory's source (and the methods of the experiment it calls) for
/// layers that GAN practice warns against: BatchNorm beside a gradient penalty, pooling and ReLU.
/// A syntactic check: it sees what the experiment writes, not what a library builds for it; the
/// runtime repeats the BatchNorm check on the real module tree.
/// </summary>
internal static class NetworkLint
{
    static readonly string[] BatchNorm = { "BatchNorm1d", "BatchNorm2d", "BatchNorm3d" };
    static readonly string[] SparseGradient =
    {
        "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
        "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d",
        "max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "ReLU", "relu",
    };

    public static void Check(IMethodSymbol discriminator, INamedTypeSymbol experiment, string? penalty,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellation)
    {
        var seenBatchNorm = false;
        var seenSparse = new HashSet<string>();
        foreach (var identifier in Identifiers(discriminator, experiment, cancellation))
        {
            var name = identifier.Identifier.ValueText;
            if (penalty is not null && !seenBatchNorm && (BatchNorm.Contains(name) || IsNormBatch(identifier)))
            {
                seenBatchNorm = true;
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.BatchNormWithPenalty, identifier.GetLocation(),
                    discriminator.Name, name, penalty));
            }
            if (SparseGradient.Contains(name) && seenSparse.Add(name))
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.SparseGradientLayer, identifier.GetLocation(), discriminator.Name, name));
        }
    }

    // Norm.Batch(...) from Functional.Networks.
    static bool IsNormBatch(SimpleNameSyntax identifier) =>
        identifier.Identifier.ValueText == "Batch"
        && identifier.Parent is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Norm" } };

    static IEnumerable<SimpleNameSyntax> Identifiers(IMethodSymbol root, INamedTypeSymbol experiment, CancellationToken cancellation)
    {
        var visited = new HashSet<string>();
        var pending = new Stack<IMethodSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var method = pending.Pop();
            if (!visited.Add(method.Name)) continue;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(cancellation);
                foreach (var name in node.DescendantNodes().OfType<SimpleNameSyntax>())
                {
                    yield return name;
                    // Follow calls to other methods of the same experiment (helpers that build layers).
                    if (name.Parent is InvocationExpressionSyntax || name.Parent?.Parent is InvocationExpressionSyntax)
                        foreach (var callee in experiment.GetMembers(name.Identifier.ValueText).OfType<IMethodSymbol>())
                            pending.Push(callee);
                }
            }
        }
    }
}
