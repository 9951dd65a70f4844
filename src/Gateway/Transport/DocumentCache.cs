using System.Collections.Concurrent;
using Gateway.Hosting;
using Gateway.Security;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;
using Gateway.Transport.Errors;

namespace Gateway.Transport;

/// <summary>
/// Parsed documents keyed by query text, bounded in size. A document that once passed validation is marked,
/// so later executions skip the validation rules that do not depend on variables (GraphQL.NET still coerces
/// variables for every request).
/// </summary>
public sealed class DocumentCache(IOptions<GatewayOptions> options, IOptions<OperationLimitsOptions> limits)
{

    /// <summary>
    /// Nesting of the syntax tree the parser accepts (GraphQL-Parser's default): a selection set or input object
    /// level takes two, a list one. Far above what <c>Gateway:Limits:MaxDepth</c> lets execute.
    /// </summary>
    public const int ParserMaxDepth = 128;
    private readonly ConcurrentDictionary<string, CachedDocument> _documents = new(StringComparer.Ordinal);
    private readonly int _capacity = options.Value.DocumentCacheSize;
    private readonly int _maxTokens = limits.Value.MaxTokens;

    /// <summary>
    /// Returns the cached parse of <paramref name="query"/>, parsing it on a miss; null when it does not parse.
    /// A document with more than <c>Gateway:Limits:MaxTokens</c> tokens is refused before the parser builds anything
    /// from it.
    /// </summary>
    public Refusable<CachedDocument?> GetOrParse(string query)
    {
        if (_documents.TryGetValue(query, out var cached))
        {
            return cached;
        }

        GraphQLDocument document;
        try
        {
            if (CountTokens(query, _maxTokens).Refused(out var unreadable, out var tokens))
            {
                return unreadable;
            }
            if (tokens > _maxTokens)
            {
                return new MaxTokensExceededError($"The document has more than {_maxTokens} tokens, the most allowed.");
            }
            document = Parser.Parse(ParseableText(query), new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = ParserMaxDepth });
        }
        catch (GraphQLSyntaxErrorException)
        {
            // The executor reports the syntax error in its own words; nothing to cache.
            return (CachedDocument?)null;
        }
        catch (GraphQLMaxDepthExceededException)
        {
            // The parser's guard against stack exhaustion: the client's document, not our failure. The exception's
            // message quotes the document, so it is neither logged nor passed on.
            return new MaxDepthExceededError($"The document nests deeper than the {ParserMaxDepth} levels the parser reads.");
        }
        catch (IndexOutOfRangeException)
        {
            // The parser failed while composing a syntax error's message: still the client's syntax error.
            return new SyntaxRequestError("The document is not valid GraphQL syntax.");
        }

        if (_documents.Count >= _capacity)
        {
            // Eviction of an arbitrary entry keeps the bound without bookkeeping on the hot read path.
            foreach (var key in _documents.Keys)
            {
                _documents.TryRemove(key, out _);
                break;
            }
        }
        return _documents.GetOrAdd(query, new CachedDocument(document, query));
    }

    public int Count => _documents.Count;

    /// <summary>
    /// <paramref name="query"/> with every carriage return that does not start a CRLF turned into a line feed: the
    /// same document to GraphQL (both are line terminators, and block strings normalise them), at the same offsets.
    /// GraphQL-Parser 9 fails with an <see cref="IndexOutOfRangeException"/> while quoting the line of a syntax
    /// error that follows a lone carriage return, so every parse of client text goes through here.
    /// </summary>
    public static string ParseableText(string query)
    {
        var first = query.IndexOf('\r');
        if (first < 0)
        {
            return query;
        }
        return string.Create(query.Length, (query, first), static (span, state) =>
        {
            state.query.AsSpan().CopyTo(span);
            for (var i = state.first; i < span.Length; i++)
            {
                if (span[i] == '\r' && (i + 1 == span.Length || span[i + 1] != '\n'))
                {
                    span[i] = '\n';
                }
            }
        });
    }

    /// <summary>
    /// Counts lexical tokens (comments excluded), stopping once past <paramref name="limit"/>. A string whose escapes
    /// make an unpaired surrogate (<c>"\ud800"</c>) is a syntax error, as the GraphQL spec says: such text is not
    /// Unicode, and no upstream could be sent it.
    /// </summary>
    private static Refusable<int> CountTokens(string query, int limit)
    {
        var count = 0;
        var position = 0;
        while (count <= limit)
        {
            var token = Lexer.Lex(query, position);
            if (token.Kind == TokenKind.EOF)
            {
                break;
            }
            if (token.Kind != TokenKind.COMMENT)
            {
                count++;
            }
            if (token.Kind == TokenKind.STRING
                && Gateway.Sources.Common.Validation.UpstreamInput.FirstUnpairedSurrogate(token.Value.Span) >= 0)
            {
                return new SyntaxRequestError($"The string at offset {token.Start} holds an escape that is not a Unicode character (an unpaired surrogate).");
            }
            position = token.End;
        }
        return count;
    }
}

/// <summary>A parsed document and the schema it has passed validation against, if any.</summary>
public sealed class CachedDocument(GraphQLDocument document, string text)
{
    private string? _hash;

    public GraphQLDocument Document { get; } = document;

    /// <summary>SHA-256 (hex) of the document text, as persisted documents name it; computed once, for telemetry.</summary>
    public string Hash => _hash ??= Security.PersistedOperations.PersistedDocuments.Hash(text);

    private bool? _incremental;

    /// <summary>Whether the document uses <c>@defer</c> or <c>@stream</c> anywhere (found once).</summary>
    public bool UsesIncrementalDelivery => _incremental ??= Execution.Incremental.IncrementalDirectives.AreUsedIn(Document);

    /// <summary>The <see cref="Schema.LiveSchema.Generation"/> this document last validated against; 0 for none.</summary>
    public int ValidatedIn { get; set; }

    /// <summary>The operation that <paramref name="operationName"/> selects, or null when none matches.</summary>
    public GraphQLOperationDefinition? FindOperation(string? operationName)
    {
        GraphQLOperationDefinition? only = null;
        var count = 0;
        foreach (var definition in Document.Definitions)
        {
            if (definition is not GraphQLOperationDefinition operation)
            {
                continue;
            }
            count++;
            only = operation;
            if (operationName is not null && operation.Name is { } name && name.Value.Span.SequenceEqual(operationName))
            {
                return operation;
            }
        }
        return operationName is null && count == 1 ? only : null;
    }
}
