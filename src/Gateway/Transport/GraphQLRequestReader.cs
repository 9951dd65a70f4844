using System.Buffers;
using System.Text.Json;
using GraphQL;
using Gateway.Transport.Errors;

namespace Gateway.Transport;

/// <summary>
/// Reads GraphQL requests from JSON (POST bodies, WebSocket payloads) and from URL parameters (GET), checking
/// every member's JSON type so that a wrong shape is a clear 400 rather than an exception later.
/// </summary>
public sealed class GraphQLRequestReader(IGraphQLSerializer serializer)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Parses a UTF-8 JSON request body: one request (an object), or a batch (an array of request objects, answered
    /// as an array in the same order).
    /// </summary>
    public (IReadOnlyList<GraphQLHttpRequest> Requests, bool IsBatch) ReadBodyOrBatch(ReadOnlySequence<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            throw new InvalidRequestError("The request body is empty; expected a JSON object with a 'query'.");
        }
        using var document = Parse(utf8Json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return ([ReadObject(document.RootElement)], false);
        }
        var requests = new List<GraphQLHttpRequest>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            requests.Add(ReadObject(item));
        }
        return requests.Count > 0 ? (requests, true) : throw Invalid("A batch holds at least one request.");
    }

    /// <summary>
    /// The JSON parser checks structure, not the text inside strings: invalid UTF-8 or an escaped unpaired surrogate
    /// (<c>"\ud800"</c>) surfaces only when the string is read, as <see cref="InvalidOperationException"/> (or, from
    /// the serializer that reads variables and extensions, a <see cref="JsonException"/>). Either is the client's
    /// malformed input, not our failure.
    /// </summary>
    private static InvalidJsonError InvalidUtf8() =>
        new InvalidJsonError("The request is not valid UTF-8 JSON, or a string in it is not valid Unicode.");

    /// <summary>Reads a request from an already parsed JSON object (for example a WebSocket subscribe payload).</summary>
    public GraphQLHttpRequest ReadObject(JsonElement root)
    {
        try
        {
            return ReadMembers(root);
        }
        catch (InvalidOperationException)
        {
            throw InvalidUtf8();
        }
    }

    private GraphQLHttpRequest ReadMembers(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The request body must be a JSON object.");
        }

        string? query = null, operationName = null, documentId = null;
        Inputs? variables = null, extensions = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "query":
                    query = ReadString(property.Value, "query");
                    break;
                case "operationName":
                    operationName = ReadString(property.Value, "operationName");
                    break;
                case "documentId":
                    documentId = ReadString(property.Value, "documentId");
                    break;
                case "variables":
                    variables = ReadMap(property.Value, "variables");
                    break;
                case "extensions":
                    extensions = ReadMap(property.Value, "extensions");
                    break;
            }
        }
        return new GraphQLHttpRequest(query, operationName, variables, extensions, documentId);
    }

    /// <summary>Reads a GET request's URL parameters; <c>variables</c> and <c>extensions</c> are JSON text.</summary>
    public GraphQLHttpRequest ReadQueryString(IQueryCollection parameters)
    {
        var query = Single(parameters, "query");
        var operationName = Single(parameters, "operationName");
        var variables = ReadJsonParameter(Single(parameters, "variables"), "variables");
        var extensions = ReadJsonParameter(Single(parameters, "extensions"), "extensions");
        var documentId = Single(parameters, "documentId");
        return new GraphQLHttpRequest(query, string.IsNullOrEmpty(operationName) ? null : operationName, variables, extensions,
            string.IsNullOrEmpty(documentId) ? null : documentId);
    }

    private Inputs? ReadJsonParameter(string? json, string name)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        using var document = Parse(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(json)));
        try
        {
            return ReadMap(document.RootElement, name);
        }
        catch (InvalidOperationException)
        {
            throw InvalidUtf8();
        }
    }

    private static string? Single(IQueryCollection parameters, string name)
    {
        if (!parameters.TryGetValue(name, out var values))
        {
            return null;
        }
        if (values.Count > 1)
        {
            throw Invalid($"The URL parameter '{name}' is given more than once.");
        }
        return values[0];
    }

    private static JsonDocument Parse(ReadOnlySequence<byte> utf8Json)
    {
        try
        {
            return JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // The reader's message names line and byte position only; it never echoes the input.
            throw new InvalidJsonError($"The request is not valid JSON: {ex.Message}");
        }
        catch (ArgumentException)
        {
            throw InvalidUtf8();
        }
    }

    private static string? ReadString(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw Invalid($"'{name}' must be a string."),
    };

    private Inputs? ReadMap(JsonElement value, string name)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                try
                {
                    return serializer.ReadNode<Inputs>(value);
                }
                catch (JsonException)
                {
                    throw InvalidUtf8();
                }
                catch (ArgumentException)
                {
                    // GraphQL.NET's reader adds members to a dictionary: a name given twice is refused there.
                    throw Invalid($"'{name}' has a member name more than once.");
                }
            case JsonValueKind.Null:
                return null;
            default:
                throw Invalid($"'{name}' must be a JSON object.");
        }
    }

    private static InvalidRequestError Invalid(string message) =>
        new InvalidRequestError(message);
}
