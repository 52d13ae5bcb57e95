using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Functional.Generators.Diagnostics;
using Functional.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Functional.Generators.Parsing;

/// <summary>
/// Reads the settable members of a [Hyperparameters] record: the positional parameters of its
/// primary constructor, with their [Hyperparameter] bounds. Members of other types are reported
/// (FGAN012) and left out; invalid bounds are errors (FGAN013).
/// </summary>
internal static class HyperparameterParser
{
    public static HyperparametersSpec Spec(INamedTypeSymbol record, KnownTypes known, List<DiagnosticInfo> diagnostics)
    {
        var (fields, settable) = Fields(record, known, diagnostics);
        return new HyperparametersSpec(record.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), fields.ToEquatableArray(), settable);
    }

    static (List<HyperparameterSpec> Fields, bool Settable) Fields(INamedTypeSymbol record, KnownTypes known, List<DiagnosticInfo> diagnostics)
    {
        var fields = new List<HyperparameterSpec>();
        var recordName = record.Name;
        if (!record.IsRecord)
        {
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.HyperparameterNotSettable, record.Locations.FirstOrDefault(),
                "*", recordName, "it is not a record, so the generator cannot write 'with' expressions; declare it as 'public sealed record " + recordName + "(...)'"));
            return (fields, false);
        }
        var constructor = PrimaryConstructor(record);
        if (constructor is null) return (fields, true);

        foreach (var parameter in constructor.Parameters)
        {
            var location = parameter.Locations.FirstOrDefault();
            var kind = KindOf(parameter.Type);
            if (kind is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.HyperparameterNotSettable, location, parameter.Name, recordName,
                    $"its type '{parameter.Type.ToDisplayString()}' is not bool, int, long, float, double or string"));
                continue;
            }
            var (typeMinimum, typeMaximum) = TypeRange(parameter.Type.SpecialType);
            var attribute = parameter.GetAttributes().Concat(Property(record, parameter.Name)?.GetAttributes() ?? Enumerable.Empty<AttributeData>())
                .FirstOrDefault(a => known.Is(a.AttributeClass, known.Hyperparameter));
            var minimum = Named(attribute, "Minimum");
            var maximum = Named(attribute, "Maximum");
            var description = attribute?.NamedArguments.FirstOrDefault(a => a.Key == "Description").Value.Value as string ?? "";

            if ((minimum is not null || maximum is not null) && kind.Value.Kind is HyperparameterKind.Boolean or HyperparameterKind.Text)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.BadHyperparameterBounds, location, parameter.Name, recordName,
                    "Minimum and Maximum apply to numbers only"));
            var low = System.Math.Max(minimum ?? double.NegativeInfinity, typeMinimum);
            var high = System.Math.Min(maximum ?? double.PositiveInfinity, typeMaximum);
            if (low > high)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.BadHyperparameterBounds, location, parameter.Name, recordName,
                    $"Minimum {Text(low)} is greater than Maximum {Text(high)}"));
            else if (parameter.HasExplicitDefaultValue && Number(parameter.ExplicitDefaultValue) is double d && (d < low || d > high))
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.BadHyperparameterBounds, location, parameter.Name, recordName,
                    $"its default {Text(d)} lies outside [{Text(low)}, {Text(high)}]"));

            fields.Add(new HyperparameterSpec(parameter.Name, kind.Value.Kind, kind.Value.Type, low, high, description));
        }
        return (fields, true);
    }

    /// <summary>The constructor whose every parameter has a same-named init-only property: a positional record's.</summary>
    static IMethodSymbol? PrimaryConstructor(INamedTypeSymbol record) =>
        record.InstanceConstructors
            .Where(c => c.Parameters.Length > 0)
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, record)))
            .FirstOrDefault(c => c.Parameters.All(p => Property(record, p.Name)?.SetMethod?.IsInitOnly == true));

    static IPropertySymbol? Property(INamedTypeSymbol record, string name) =>
        record.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault();

    static (HyperparameterKind Kind, MemberType Type)? KindOf(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Boolean => (HyperparameterKind.Boolean, MemberType.Boolean),
        SpecialType.System_Int32 => (HyperparameterKind.Integer, MemberType.Int32),
        SpecialType.System_Int64 => (HyperparameterKind.Integer, MemberType.Int64),
        SpecialType.System_Single => (HyperparameterKind.Real, MemberType.Single),
        SpecialType.System_Double => (HyperparameterKind.Real, MemberType.Double),
        SpecialType.System_String => (HyperparameterKind.Text, MemberType.String),
        _ => null,
    };

    static (double, double) TypeRange(SpecialType type) => type switch
    {
        SpecialType.System_Int32 => (int.MinValue, int.MaxValue),
        // The largest doubles inside long's range, so that a bound never parses to a long that overflows.
        SpecialType.System_Int64 => (-9.2233720368547748E+18, 9.2233720368547748E+18),
        SpecialType.System_Single => (-float.MaxValue, float.MaxValue),
        _ => (double.NegativeInfinity, double.PositiveInfinity),
    };

    static double? Named(AttributeData? attribute, string name) =>
        attribute?.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value is double d ? d : null;

    static double? Number(object? value) => value switch
    {
        int i => i,
        long l => l,
        float f => f,
        double d => d,
        _ => null,
    };

    static string Text(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
