namespace Gateway.Hosting.Demo;

/// <summary><c>Demo</c>: whether and where the gateway hosts the demo upstreams in-process.</summary>
public sealed class DemoHostingOptions
{
    public const string SectionName = "Demo";

    /// <summary>The address the sources' base URLs in appsettings.json are written against.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5100";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where the demo upstreams are: the embedded ones listen here, and every source whose base URL points at the
    /// default demo address points here instead (so moving the demo moves every source with it).
    /// </summary>
    public string Url { get; set; } = DefaultUrl;
}
