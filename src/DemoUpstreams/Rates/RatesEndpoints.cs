using System.Collections.Frozen;
using DemoUpstreams.Data;

namespace DemoUpstreams.Rates;

/// <summary>
/// The exchange-rates REST API under <c>/rates/v1</c>: a batch endpoint that takes currency pairs and answers
/// them in order, each with a rate or a problem, as market data services do. Rates are fixed per day.
/// </summary>
public static class RatesEndpoints
{
    public const int MaxBatch = 100;

    /// <summary>Units of each currency one euro buys.</summary>
    private static readonly FrozenDictionary<string, decimal> PerEuro = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["EUR"] = 1m,
        ["USD"] = 1.0812m,
        ["GBP"] = 0.8547m,
        ["CHF"] = 0.9531m,
        ["JPY"] = 161.27m,
        ["SEK"] = 11.4215m,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void MapRates(this IEndpointRouteBuilder endpoints)
    {
        var rates = endpoints.MapGroup("/rates/v1").WithGroupName("rates").WithTags("Rates");

        rates.MapPost("/rates/batch", (RatesBatchRequest request, TimeProvider time, Control.DemoStats stats) =>
        {
            if (request.Pairs is null || request.Pairs.Count == 0)
            {
                return Problems.BadRequest("'pairs' must be a non-empty array.");
            }
            if (request.Pairs.Count > MaxBatch)
            {
                return Problems.BadRequest($"At most {MaxBatch} pairs per batch, not {request.Pairs.Count}.");
            }
            stats.CountItems("rates.batch", request.Pairs.Count);
            var asOf = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
            return Results.Ok(new RatesBatchResponse([.. request.Pairs.Select(pair => Quote(pair, asOf))]));
        }).Produces<RatesBatchResponse>().ProducesValidationProblem();
    }

    private static RateItem Quote(CurrencyPair pair, DateTimeOffset asOf)
    {
        var from = pair.From ?? "";
        var to = pair.To ?? "";
        if (!PerEuro.TryGetValue(from, out var fromPerEuro) || !PerEuro.TryGetValue(to, out var toPerEuro))
        {
            return new RateItem(from, to, null, null, new ItemProblem("UNKNOWN_CURRENCY", "No rate is quoted for this pair."));
        }
        return new RateItem(from, to, decimal.Round(toPerEuro / fromPerEuro, 6), asOf, null);
    }
}
