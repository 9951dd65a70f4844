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
