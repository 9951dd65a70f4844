namespace Gateway.Transport.Errors;

/// <summary>A batch of more operations than <c>Gateway:Limits:MaxBatchSize</c>.</summary>
public sealed class MaxBatchSizeExceededError(string message) : RequestError(StatusCodes.Status400BadRequest, ErrorCode, message)
{
    public const string ErrorCode = "MAX_BATCH_SIZE_EXCEEDED";
}
