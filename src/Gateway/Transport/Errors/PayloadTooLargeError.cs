namespace Gateway.Transport.Errors;

/// <summary>A body larger than <c>Gateway:MaxRequestBytes</c>.</summary>
public sealed class PayloadTooLargeError(string message) : RequestError(StatusCodes.Status413PayloadTooLarge, ErrorCode, message)
{
    public const string ErrorCode = "PAYLOAD_TOO_LARGE";
}
