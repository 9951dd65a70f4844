namespace Gateway.Hosting;

/// <summary>Tags that split health checks between liveness and readiness.</summary>
public static class GatewayHealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}
