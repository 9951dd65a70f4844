using Gateway.Sources.Common.Validation;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Schema;
using Gateway.Sources.Crm.Contracts;
using Gateway.Sources.Crm.Types;
using Gateway.Sources.Maps.DataLoaders;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Sources.Maps.Types;

/// <summary>The root field <c>geocode</c>.</summary>
public sealed class MapsQueryFields : IFieldContributor<QueryGraphType>
{
    public const int MaxAddressLength = 500;

    public void Contribute(QueryGraphType query) =>
        query.Field<LocationGraphType>("geocode")
            .Description("The point of a postal address; null with a NOT_FOUND error when the maps service does not know it.")
            .Argument<NonNullGraphType<StringGraphType>>("address", "A one-line postal address.")
            .Resolve(context =>
            {
                var address = UpstreamInput.Check(context.GetArgument<string>("address").Trim(), UpstreamWire.Json, "address", MapsOptions.SourceName);
                if (address.Length is 0 or > MaxAddressLength)
                {
                    throw new BadUserInputError($"'address' must be 1 to {MaxAddressLength} characters.");
                }
                return context.RequestServices!.GetRequiredService<LocationByAddressDataLoader>().Load(address);
            });
}

/// <summary>Joins the CRM's addresses to the map: <c>Address.location</c>.</summary>
public sealed class AddressLocationField : IFieldContributor<AddressGraphType>
{
    public void Contribute(AddressGraphType address) =>
        address.Field<LocationGraphType>("location")
            .Description("Where the address is, from the maps service.")
            .Resolve(context => context.RequestServices!.GetRequiredService<LocationByAddressDataLoader>()
                .Load(((Address)context.Source!).OneLine));
}
