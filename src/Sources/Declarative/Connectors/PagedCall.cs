using System.Globalization;
using System.Text.Json.Nodes;
using Gateway.Sources.Common.Errors;
using Gateway.Sources.Common.Paging;
using Gateway.Sources.Declarative.Expressions;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary>
/// A paged field's page as a Relay connection (<c>edges</c>, <c>nodes</c>, <c>pageInfo</c>, <c>totalCount</c>) over
/// an offset-paged upstream. Cursors are offsets. An upstream that counts pages (<c>$page.number</c> and
/// <c>$page.size</c>) is asked for a page size that holds the whole window in one page where one exists (always,
/// when clients keep the same <c>first</c>), else for two consecutive pages.
/// </summary>
internal static class PagedCall
{
    public static async Task<JsonObject> FetchAsync(ConnectorClient client, Connector connector, Scope scope, CancellationToken cancellationToken)
    {
        var paging = connector.Paging!;
        var arguments = (JsonObject)scope.Args!;
        var first = PageArguments.CheckFirst(arguments["first"] is { } given ? (int?)BinaryExpression.Number(given) : null);
        var after = arguments["after"] is JsonValue afterValue && afterValue.TryGetValue<string>(out var cursor)
            ? Cursor.Decode(paging.CursorKind, cursor)
            : null;
        if (paging.ByCursor)
        {
            return await CursorPageAsync(client, connector, scope, after, first, cancellationToken).ConfigureAwait(false);
        }
        var offset = after is null ? 0 : Offset(after);

        int? total;
        List<JsonNode> window;
        bool more;
        if (paging.Numbered)
        {
            (total, window) = await NumberedWindowAsync(client, connector, scope, offset, first, cancellationToken).ConfigureAwait(false);
            more = total is { } count ? offset + window.Count < count : window.Count == first;
        }
        else
        {
            // Without a total, one item more than asked says whether another page follows.
            var (counted, items) = await PageAsync(client, connector, scope, Page(offset, paging.Total is null ? first + 1 : first, 0, 0), cancellationToken)
                .ConfigureAwait(false);
            total = counted;
            window = items.Take(first).ToList();
            more = total is { } count ? offset + window.Count < count : items.Count > first;
        }

        return Connection(connector, scope, window, i => (offset + i + 1).ToString(CultureInfo.InvariantCulture), more, offset > 0, total);
    }

    /// <summary>A page of a cursor-paged upstream: <c>$page.after</c> is the upstream's cursor of the item to continue after.</summary>
    private static async Task<JsonObject> CursorPageAsync(
        ConnectorClient client, Connector connector, Scope scope, string? after, int first, CancellationToken cancellationToken)
    {
        var paging = connector.Paging!;
        var page = new JsonObject
        {
            ["limit"] = paging.More is null ? first + 1 : first,
            ["after"] = after,
        };
        var fetch = connector.Fetch;
        var answer = await client.CallAsync(fetch, scope with { Page = page }, cancellationToken).ConfigureAwait(false);
        var items = Items(fetch, answer);
        var window = items.Take(first).ToList();
        var more = paging.More is { } hasMore && answer is not null
            ? LogicalExpression.Truthy(hasMore.Evaluate(new Scope(Item: answer)))
            : items.Count > first;
        var cursors = window.Select(item => paging.Cursor!.Evaluate(new Scope(Item: item)) is { } own
            ? TemplateExpression.Text(own)
            : throw new UpstreamError(fetch.Source, $"The {fetch.Source} upstream answered an item without its cursor.")).ToList();
        return Connection(connector, scope, window, i => cursors[i], more, after is not null, Total(connector, answer));
    }

    private static JsonObject Connection(Connector connector, Scope scope, List<JsonNode> window, Func<int, string> cursorOf, bool more, bool previous, int? total)
    {
        var paging = connector.Paging!;
        var edges = new JsonArray();
        var nodes = new JsonArray();
        for (var i = 0; i < window.Count; i++)
        {
            var node = connector.Select is null ? window[i] : connector.Select.Evaluate(scope with { Item = window[i] });
            var encoded = Cursor.Encode(paging.CursorKind, cursorOf(i));
            edges.Add(new JsonObject { ["cursor"] = encoded, ["node"] = node?.DeepClone() });
            nodes.Add(node?.DeepClone());
        }
        var connection = new JsonObject
        {
            ["edges"] = edges,
            ["nodes"] = nodes,
            ["pageInfo"] = new JsonObject
            {
                ["hasNextPage"] = more,
                ["hasPreviousPage"] = previous,
                ["startCursor"] = edges.Count > 0 ? edges[0]!["cursor"]!.DeepClone() : null,
                ["endCursor"] = edges.Count > 0 ? edges[^1]!["cursor"]!.DeepClone() : null,
            },
            ["totalCount"] = total,
        };
        return (JsonObject)new ConnectorItem(connection).Node;
    }

    private static async Task<(int? Total, List<JsonNode> Window)> NumberedWindowAsync(
        ConnectorClient client, Connector connector, Scope scope, int offset, int count, CancellationToken cancellationToken)
    {
        for (var size = count; size <= PageArguments.MaxFirst; size++)
        {
            if (offset / size == (offset + count - 1) / size)
            {
                var number = offset / size + 1;
                var (total, items) = await PageAsync(client, connector, scope, Page(offset, count, number, size), cancellationToken).ConfigureAwait(false);
                return (total, items.Skip(offset - (number - 1) * size).Take(count).ToList());
            }
        }
        var firstPage = offset / count + 1;
        var one = await PageAsync(client, connector, scope, Page(offset, count, firstPage, count), cancellationToken).ConfigureAwait(false);
        var two = await PageAsync(client, connector, scope, Page(offset, count, firstPage + 1, count), cancellationToken).ConfigureAwait(false);
        return (two.Total, one.Items.Concat(two.Items).Skip(offset - (firstPage - 1) * count).Take(count).ToList());
    }

    private static JsonObject Page(int offset, int limit, int number, int size) => new()
    {
        ["offset"] = offset,
        ["limit"] = limit,
        ["number"] = number,
        ["size"] = size,
    };

    private static async Task<(int? Total, List<JsonNode> Items)> PageAsync(
        ConnectorClient client, Connector connector, Scope scope, JsonObject page, CancellationToken cancellationToken)
    {
        var fetch = connector.Fetch;
        var answer = await client.CallAsync(fetch, scope with { Page = page }, cancellationToken).ConfigureAwait(false);
        return (Total(connector, answer), Items(fetch, answer));
    }

    /// <summary>The page's items; an answer without the items' element is an empty page.</summary>
    private static List<JsonNode> Items(Fetch fetch, JsonNode? answer)
    {
        var items = answer is null ? null : fetch.Items is { } path ? path.Evaluate(new Scope(Item: answer)) : answer;
        return items switch
        {
            null => [],
            JsonArray array => array.Where(item => item is not null).Select(item => item!).ToList(),
            JsonObject one => [one],
            _ => throw new UpstreamError(fetch.Source, $"The {fetch.Source} upstream answered without a list of items."),
        };
    }

    private static int? Total(Connector connector, JsonNode? answer)
    {
        decimal? total = connector.Paging!.Total is { } counted && answer is not null ? BinaryExpression.Number(Numeric(counted.Evaluate(new Scope(Item: answer)))) : null;
        return total is { } whole ? (int)Math.Clamp(whole, 0, int.MaxValue) : null;
    }

    /// <summary>A count as a number, though XML answers carry it as text.</summary>
    private static JsonNode? Numeric(JsonNode? value) =>
        value is JsonValue text && text.TryGetValue<string>(out var digits)
        && decimal.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? JsonValue.Create(number)
            : value;

    private static int Offset(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw new BadUserInputError("'after' is not a valid cursor.");
}
