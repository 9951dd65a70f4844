using Gateway.Sources.Common.Schema;
using GraphQL.DI;
using GraphQL.Types;

namespace GraphQL;

/// <summary>Helpers a source uses in its <c>Add&lt;Name&gt;Types()</c>.</summary>
public static class GraphTypeRegistrationExtensions
{
    /// <summary>The shared types every source builds on: root types, connections, user errors, filters.</summary>
    public static IGraphQLBuilder AddGatewayCommonTypes(this IGraphQLBuilder builder)
    {
        builder.AddGraphTypes(typeof(QueryGraphType).Assembly);
        // Generic graph types are closed per node type when the schema is built.
        builder.Services.TryRegister(typeof(ConnectionGraphType<,>), typeof(ConnectionGraphType<,>), DI.ServiceLifetime.Transient, RegistrationCompareMode.ServiceType);
        builder.Services.TryRegister(typeof(EdgeGraphType<,>), typeof(EdgeGraphType<,>), DI.ServiceLifetime.Transient, RegistrationCompareMode.ServiceType);
        builder.Services.TryRegister(typeof(EnumOperationFilterInputGraphType<,>), typeof(EnumOperationFilterInputGraphType<,>), DI.ServiceLifetime.Transient, RegistrationCompareMode.ServiceType);
        builder.AddSchemaVisitor<Gateway.Sources.Common.Authorization.ScopeAuthorizationVisitor>();
        return builder;
    }

    /// <summary>Registers <typeparamref name="TContributor"/> as one of the contributors to <typeparamref name="TGraphType"/>.</summary>
    public static IGraphQLBuilder AddFieldContributor<TGraphType, TContributor>(this IGraphQLBuilder builder)
        where TGraphType : IComplexGraphType
        where TContributor : class, IFieldContributor<TGraphType>
    {
        builder.Services.TryRegister(typeof(IFieldContributor<TGraphType>), typeof(TContributor),
            DI.ServiceLifetime.Singleton, RegistrationCompareMode.ServiceTypeAndImplementationType);
        return builder;
    }

    /// <summary>Registers <typeparamref name="TContributor"/>, which adds fields to a type of a declarative source by its name.</summary>
    public static IGraphQLBuilder AddNamedTypeContributor<TContributor>(this IGraphQLBuilder builder)
        where TContributor : class, INamedTypeContributor
    {
        builder.Services.TryRegister(typeof(INamedTypeContributor), typeof(TContributor),
            DI.ServiceLifetime.Singleton, RegistrationCompareMode.ServiceTypeAndImplementationType);
        return builder;
    }
}
