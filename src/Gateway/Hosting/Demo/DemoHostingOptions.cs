namespace Gateway.Hosting.Demo;

/// <summary><c>Demo</c>: whether and where the gateway hosts the demo upstreams in-process.</summary>
public sealed class DemoHostingOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; } = true;

    /// <summary>Where the embedded upstreams listen; the sources' default base URLs point here.</summary>
    public string Url { get; set; } = "http://127.0.0.1:5100";
}
