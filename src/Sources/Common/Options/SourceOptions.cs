using System.ComponentModel.DataAnnotations;

namespace Gateway.Sources.Common.Options;

/// <summary>What every upstream source is configured with, under <c>Sources:&lt;Name&gt;</c>.</summary>
public abstract class SourceOptions : IValidatableObject
{
    /// <summary>The configuration section of a source: <c>Sources:&lt;name&gt;</c>.</summary>
    public static string SectionOf(string source) => $"Sources:{source}";

    /// <summary>The full root of the upstream, prefix included (for example <c>http://127.0.0.1:5100/weather/</c>).</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>Most keys sent to the upstream in one batch call; larger batches are split and run in parallel.</summary>
    [Range(1, 100)]
    public int ChunkSize { get; set; } = 100;

    /// <summary>
    /// Caller's request headers copied to this upstream (for example a tenant header). Hop-by-hop headers,
    /// <c>Cookie</c>, <c>Host</c>, <c>X-Forwarded-*</c> and <c>Authorization</c> cannot be listed.
    /// </summary>
    public string[] ForwardHeaders { get; set; } = [];

    /// <summary>Whether the upstream is operated by us and may receive the caller's <c>Authorization</c> header.</summary>
    public bool FirstParty { get; set; }

    /// <summary>The base URL with a trailing slash, so relative paths append rather than replace its last segment.</summary>
    public Uri BaseAddress => BaseUrl is null
        ? throw new InvalidOperationException("BaseUrl is not configured.")
        : BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/");

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("BaseUrl must be an absolute http or https URL.", [nameof(BaseUrl)]);
        }
        foreach (var header in ForwardHeaders)
        {
            if (string.IsNullOrWhiteSpace(header) || Http.ForwardedHeadersHandler.IsNeverForwarded(header))
            {
                yield return new ValidationResult(
                    $"ForwardHeaders cannot contain '{header}': hop-by-hop, Cookie, Host and X-Forwarded-* headers are never forwarded, and Authorization only to FirstParty sources.",
                    [nameof(ForwardHeaders)]);
            }
        }
    }
}
