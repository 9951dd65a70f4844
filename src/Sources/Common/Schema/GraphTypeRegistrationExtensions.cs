using System.Reflection;
using Gateway.Sources.Common.Schema;
using GraphQL.DI;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GraphQL
{
    /// <summary>What the gateway's GraphQL registration adds for every source: root types, connections, user errors, filters.</summary>
    public static class GraphTypeRegistrationExtensions
    {
        /// <summary>The shared types every source builds on, and the scope enforcement.</summary>
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
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>
    /// How a code-first source registers its graph types from its own <c>Add&lt;Name&gt;Source()</c>, with no call
    /// elsewhere and in any order: they are plain services the schema resolves when it is built.
    /// </summary>
    public static class SourceGraphTypeRegistration
    {
        /// <summary>Every concrete graph type of <paramref name="assembly"/>, transient, as GraphQL.NET resolves them.</summary>
        public static IServiceCollection AddGraphTypesOf(this IServiceCollection services, Assembly assembly)
        {
            foreach (var type in assembly.GetTypes())
            {
                if (type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IGraphType).IsAssignableFrom(type))
                {
                    services.TryAddTransient(type);
                }
            }
            return services;
        }

        /// <summary>Registers <typeparamref name="TContributor"/> as one of the contributors to <typeparamref name="TGraphType"/>.</summary>
        public static IServiceCollection AddFieldContributor<TGraphType, TContributor>(this IServiceCollection services)
            where TGraphType : IComplexGraphType
            where TContributor : class, IFieldContributor<TGraphType>
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IFieldContributor<TGraphType>, TContributor>());
            return services;
        }

        /// <summary>Registers <typeparamref name="TContributor"/>, which adds fields to a type of a declarative source by its name.</summary>
        public static IServiceCollection AddNamedTypeContributor<TContributor>(this IServiceCollection services)
            where TContributor : class, INamedTypeContributor
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<INamedTypeContributor, TContributor>());
            return services;
        }
    }
}
