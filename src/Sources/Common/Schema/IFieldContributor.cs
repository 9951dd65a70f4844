using GraphQL.Types;

namespace Gateway.Sources.Common.Schema;

/// <summary>
/// Adds fields to a graph type owned by another part of the schema. This is how sources join: the maps source
/// adds <c>Address.location</c> to the CRM's type, the weather source adds <c>Location.weather</c>, and every
/// source adds its root fields to <see cref="QueryGraphType"/>.
/// </summary>
/// <typeparam name="TGraphType">The graph type being extended.</typeparam>
public interface IFieldContributor<in TGraphType> where TGraphType : IComplexGraphType
{
    void Contribute(TGraphType type);
}

/// <summary>
/// Adds fields to a type known only by its GraphQL name: a type a declarative source declares, which no graph type
/// class stands for (the payments source adds <c>payments</c> to the CRM's <c>Customer</c>). Its resolvers read the
/// parent, a JSON object, with <see cref="JsonMembers"/>.
/// </summary>
public interface INamedTypeContributor
{
    string TypeName { get; }

    void Contribute(ObjectGraphType type);
}
