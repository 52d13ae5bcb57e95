using Microsoft.CodeAnalysis;

namespace Functional.Generators.Parsing;

/// <summary>The TorchSharp and Functional types that role signatures are checked against.</summary>
internal sealed class KnownTypes
{
    public KnownTypes(Compilation compilation)
    {
        Tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        Device = compilation.GetTypeByMetadataName("TorchSharp.torch+Device");
        Module = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module");
        Module2 = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module`2");
        Module3 = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module`3");
        Optimizer = compilation.GetTypeByMetadataName("TorchSharp.torch+optim+Optimizer");
        Parameter = compilation.GetTypeByMetadataName("TorchSharp.Modules.Parameter");
        Enumerable = compilation.GetTypeByMetadataName("System.Collections.Generic.IEnumerable`1");
        Batch = compilation.GetTypeByMetadataName("Functional.Data.Batch");
        DataOptions = compilation.GetTypeByMetadataName("Functional.Data.DataOptions");
        BatchSource = compilation.GetTypeByMetadataName("Functional.Data.IBatchSource");
        MetricSet = compilation.GetTypeByMetadataName("Functional.Metrics.MetricSet");
        TrainingSchedule = compilation.GetTypeByMetadataName("Functional.Training.TrainingSchedule");
        Hyperparameters = compilation.GetTypeByMetadataName("Functional.HyperparametersAttribute");
        ValueTuple2 = compilation.GetTypeByMetadataName("System.ValueTuple`2");
        AblationVariant = compilation.GetTypeByMetadataName("Functional.Training.AblationVariant");
        ReadOnlyList = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyList`1");
        Hyperparameter = compilation.GetTypeByMetadataName("Functional.HyperparameterAttribute");
        Generator = compilation.GetTypeByMetadataName("TorchSharp.torch+Generator");
        Func2 = compilation.GetTypeByMetadataName("System.Func`2");
    }

    public INamedTypeSymbol? Tensor { get; }
    public INamedTypeSymbol? Device { get; }
    public INamedTypeSymbol? Module { get; }
    public INamedTypeSymbol? Module2 { get; }
    public INamedTypeSymbol? Module3 { get; }
    public INamedTypeSymbol? Optimizer { get; }
    public INamedTypeSymbol? Parameter { get; }
    public INamedTypeSymbol? Enumerable { get; }
    public INamedTypeSymbol? Batch { get; }
    public INamedTypeSymbol? DataOptions { get; }
    public INamedTypeSymbol? BatchSource { get; }
    public INamedTypeSymbol? MetricSet { get; }
    public INamedTypeSymbol? TrainingSchedule { get; }
    public INamedTypeSymbol? Hyperparameters { get; }
    public INamedTypeSymbol? ValueTuple2 { get; }
    public INamedTypeSymbol? AblationVariant { get; }
    public INamedTypeSymbol? ReadOnlyList { get; }
    public INamedTypeSymbol? Hyperparameter { get; }
    public INamedTypeSymbol? Generator { get; }
    public INamedTypeSymbol? Func2 { get; }

    /// <summary>Func&lt;Batch, Tensor&gt;.</summary>
    public bool IsTranslator(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && Is(named.OriginalDefinition, Func2)
        && Is(named.TypeArguments[0], Batch)
        && IsTensor(named.TypeArguments[1]);

    /// <summary>IReadOnlyList&lt;AblationVariant&gt;.</summary>
    public bool IsVariantList(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && Is(named.OriginalDefinition, ReadOnlyList)
        && Is(named.TypeArguments[0], AblationVariant);

    public bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type, known);

    public bool IsTensor(ITypeSymbol? type) => Is(type, Tensor);

    public bool IsLong(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Int64;

    public bool IsDouble(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Double;

    public bool IsVoid(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Void;

    /// <summary>IEnumerable&lt;Parameter&gt;.</summary>
    public bool IsParameters(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && Is(named.OriginalDefinition, Enumerable)
        && Is(named.TypeArguments[0], Parameter);

    /// <summary>A tuple of <paramref name="length"/> Tensors, with or without element names.</summary>
    public bool IsTensorTuple(ITypeSymbol? type, int length) =>
        type is INamedTypeSymbol { IsTupleType: true } tuple
        && tuple.TupleElements.Length == length
        && System.Linq.Enumerable.All(tuple.TupleElements, e => IsTensor(e.Type));

    /// <summary>Walks <paramref name="type"/> and its base classes for a Module`2 or Module`3; returns its type arguments.</summary>
    public System.Collections.Immutable.ImmutableArray<ITypeSymbol> ModuleSignature(ITypeSymbol? type)
    {
        for (var t = type as INamedTypeSymbol; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && (Is(t.OriginalDefinition, Module2) || Is(t.OriginalDefinition, Module3)))
                return t.TypeArguments;
        }
        return System.Collections.Immutable.ImmutableArray<ITypeSymbol>.Empty;
    }

    public bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (Is(t, baseType)) return true;
        return false;
    }

    public bool Implements(ITypeSymbol? type, INamedTypeSymbol? @interface) =>
        type is not null && (Is(type, @interface) || System.Linq.Enumerable.Any(type.AllInterfaces, i => Is(i, @interface)));

    public bool IsHyperparameters(ITypeSymbol? type) =>
        type is not null && Hyperparameters is not null
        && System.Linq.Enumerable.Any(type.GetAttributes(), a => Is(a.AttributeClass, Hyperparameters));
}
