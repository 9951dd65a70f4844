using Gateway.Sources.Common.Errors;

namespace Gateway.Sources.Common.Resilience;

/// <summary>
/// The deadline of one GraphQL request (<c>Gateway:RequestTimeout</c>), for its upstream calls only. The executor
/// itself keeps running when it passes, so fields that finished are returned and the calls still pending become
/// <c>UPSTREAM_TIMEOUT</c> errors at their paths. The client leaving cancels everything, as it should.
/// Scoped: one per request.
/// </summary>
public sealed class RequestDeadline : IDisposable
{
    private CancellationTokenSource? _source;
    private CancellationToken _requestAborted;

    /// <summary>Cancelled when the deadline passes or the client goes away.</summary>
    public CancellationToken Token => _source?.Token ?? _requestAborted;

    /// <summary>True when the deadline passed while the client was still waiting.</summary>
    public bool Expired => _source is { IsCancellationRequested: true } && !_requestAborted.IsCancellationRequested;

    /// <summary>Starts the clock; called by the transport when the request begins.</summary>
    public void Start(TimeSpan timeout, CancellationToken requestAborted)
    {
        _requestAborted = requestAborted;
        _source?.Dispose();
        _source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _source.CancelAfter(timeout);
    }

    /// <summary>
    /// Runs an upstream call under the deadline; a call cut off by the deadline becomes an
    /// <see cref="UpstreamTimeoutError"/> for <paramref name="source"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(string source, Func<CancellationToken, Task<T>> call)
    {
        try
        {
            return await call(Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (Expired)
        {
            throw new UpstreamTimeoutError(source, ex);
        }
    }

    public void Dispose() => _source?.Dispose();
}
