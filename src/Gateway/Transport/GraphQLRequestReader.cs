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
    public Refusable<(IReadOnlyList<GraphQLHttpRequest> Requests, bool IsBatch)> ReadBodyOrBatch(ReadOnlySequence<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            return new InvalidRequestError("The request body is empty; expected a JSON object with a 'query'.");
        }
        if (Parse(utf8Json).Refused(out var notJson, out var parsed))
        {
            return notJson;
        }
        using var document = parsed;
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return ReadObject(document.RootElement).Refused(out var refusal, out var request)
                ? refusal
                : ([request], false);
        }
        var requests = new List<GraphQLHttpRequest>(document.RootElement.GetArrayLength());
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (ReadObject(item).Refused(out var refusal, out var request))
            {
                return refusal;
            }
            requests.Add(request);
        }
        return requests.Count > 0 ? (requests, true) : Invalid("A batch holds at least one request.");
    }

    /// <summary>
    /// The JSON parser checks structure, not the text inside strings: invalid UTF-8 or an escaped unpaired surrogate
    /// (<c>"\ud800"</c>) surfaces only when the string is read, as <see cref="InvalidOperationException"/> (or, from
    /// the serializer that reads variables and extensions, a <see cref="JsonException"/>). Either is the client's
    /// malformed input, not our failure.
    /// </summary>
    private static InvalidJsonError InvalidUtf8() =>
        new("The request is not valid UTF-8 JSON, or a string in it is not valid Unicode.");

    /// <summary>Reads a request from an already parsed JSON object (for example a WebSocket subscribe payload).</summary>
    public Refusable<GraphQLHttpRequest> ReadObject(JsonElement root)
    {
        try
        {
            return ReadMembers(root);
        }
        catch (InvalidOperationException)
        {
            return InvalidUtf8();
        }
    }

    private Refusable<GraphQLHttpRequest> ReadMembers(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The request body must be a JSON object.");
        }

        string? query = null, operationName = null, documentId = null;
        Inputs? variables = null, extensions = null;
        foreach (var property in root.EnumerateObject())
        {
            var refusal = property.Name switch
            {
                "query" => ReadString(property.Value, "query", out query),
                "operationName" => ReadString(property.Value, "operationName", out operationName),
                "documentId" => ReadString(property.Value, "documentId", out documentId),
                "variables" => ReadMap(property.Value, "variables", out variables),
                "extensions" => ReadMap(property.Value, "extensions", out extensions),
                _ => null,
            };
            if (refusal is not null)
            {
                return refusal;
            }
        }
        return new GraphQLHttpRequest(query, operationName, variables, extensions, documentId);
    }

    /// <summary>Reads a GET request's URL parameters; <c>variables</c> and <c>extensions</c> are JSON text.</summary>
    public Refusable<GraphQLHttpRequest> ReadQueryString(IQueryCollection parameters)
    {
        string? query = null, operationName = null, variablesJson = null, extensionsJson = null, documentId = null;
        Inputs? variables = null, extensions = null;
        // The first refusal in the parameters' order; the calls after it do not run.
        var refusal = Single(parameters, "query", out query)
            ?? Single(parameters, "operationName", out operationName)
            ?? Single(parameters, "variables", out variablesJson)
            ?? ReadJsonParameter(variablesJson, "variables", out variables)
            ?? Single(parameters, "extensions", out extensionsJson)
            ?? ReadJsonParameter(extensionsJson, "extensions", out extensions)
            ?? Single(parameters, "documentId", out documentId);
        if (refusal is not null)
        {
            return refusal;
        }
        return new GraphQLHttpRequest(query, string.IsNullOrEmpty(operationName) ? null : operationName, variables, extensions,
            string.IsNullOrEmpty(documentId) ? null : documentId);
    }

    private RequestError? ReadJsonParameter(string? json, string name, out Inputs? value)
    {
        value = null;
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        if (Parse(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(json))).Refused(out var notJson, out var parsed))
        {
            return notJson;
        }
        using var document = parsed;
        try
        {
            return ReadMap(document.RootElement, name, out value);
        }
        catch (InvalidOperationException)
        {
            return InvalidUtf8();
        }
    }

    private static InvalidRequestError? Single(IQueryCollection parameters, string name, out string? value)
    {
        value = null;
        if (!parameters.TryGetValue(name, out var values))
        {
            return null;
        }
        if (values.Count > 1)
        {
            return Invalid($"The URL parameter '{name}' is given more than once.");
        }
        value = values[0];
        return null;
    }

    private static Refusable<JsonDocument> Parse(ReadOnlySequence<byte> utf8Json)
    {
        try
        {
            return JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // The reader's message names line and byte position only; it never echoes the input.
            return new InvalidJsonError($"The request is not valid JSON: {ex.Message}");
        }
        catch (ArgumentException)
        {
            return InvalidUtf8();
        }
    }

    private static InvalidRequestError? ReadString(JsonElement value, string name, out string? text)
    {
        text = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text = value.GetString();
                return null;
            case JsonValueKind.Null:
                return null;
            default:
                return Invalid($"'{name}' must be a string.");
        }
    }

    private RequestError? ReadMap(JsonElement value, string name, out Inputs? map)
    {
        map = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                try
                {
                    map = serializer.ReadNode<Inputs>(value);
                    return null;
                }
                catch (JsonException)
                {
                    return InvalidUtf8();
                }
                catch (ArgumentException)
                {
                    // GraphQL.NET's reader adds members to a dictionary: a name given twice is refused there.
                    return Invalid($"'{name}' has a member name more than once.");
                }
            case JsonValueKind.Null:
                return null;
            default:
                return Invalid($"'{name}' must be a JSON object.");
        }
    }

    private static InvalidRequestError Invalid(string message) => new(message);
}
