namespace DemoUpstreams.Rates;

/// <summary>A currency pair: how many <see cref="To"/> one <see cref="From"/> buys.</summary>
public sealed record CurrencyPair(string? From, string? To);

public sealed record RatesBatchRequest(IReadOnlyList<CurrencyPair>? Pairs);

/// <summary>One pair's answer: the rate, or the problem that kept the service from giving one.</summary>
public sealed record RateItem(string From, string To, decimal? Rate, DateTimeOffset? AsOf, ItemProblem? Problem);

public sealed record ItemProblem(string Code, string Message);

public sealed record RatesBatchResponse(IReadOnlyList<RateItem> Results);
