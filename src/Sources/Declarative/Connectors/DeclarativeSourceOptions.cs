using System.ComponentModel.DataAnnotations;
using Gateway.Sources.Common.Options;

namespace Gateway.Sources.Declarative.Connectors;

/// <summary><c>Sources:&lt;Name&gt;</c> of a declarative source: the keys of every source (a named option per source).</summary>
public sealed class DeclarativeSourceOptions : SourceOptions
{
    /// <summary>How often the source's subscription fields poll the keys that have subscribers (once per interval across all instances).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Headers sent with every call to the upstream (an API key: <c>Sources:Rates:Headers:X-Api-Key</c>), so secrets
    /// stay in configuration and out of source files. They win over headers of the same name from anywhere else.
    /// </summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }
        foreach (var (name, value) in Headers)
        {
            if (!HeaderNames.IsToken(name) || Common.Validation.UpstreamInput.FirstUnsafeHeaderCharacter(value) >= 0)
            {
                yield return new ValidationResult($"Headers:{name} is not a header an HTTP request can carry (a token name, and a value of printable ASCII).", [nameof(Headers)]);
            }
        }
    }
}

/// <summary>What HTTP allows as a header name.</summary>
internal static class HeaderNames
{
    /// <summary>RFC 9110's token: letters, digits and !#$%&amp;'*+-.^_`|~.</summary>
    public static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}

/// <summary>Sets a source's configured headers (<see cref="DeclarativeSourceOptions.Headers"/>) on each of its calls.</summary>
internal sealed class ConfiguredHeadersHandler(IReadOnlyDictionary<string, string> headers) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
