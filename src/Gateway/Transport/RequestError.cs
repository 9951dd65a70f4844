namespace Gateway.Transport;

/// <summary>
/// A request refused before it executes: answered with <see cref="StatusCode"/> and a GraphQL error of
/// <see cref="Code"/>. Each kind of refusal is its own type in <c>Transport/Errors</c>, which knows both. A refusal is
/// the client's mistake, not a failure: the steps that may refuse return it (<see cref="Refusable{T}"/>), nothing
/// throws it.
/// </summary>
public abstract class RequestError(int statusCode, string code, string message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>Stable value of <c>extensions.code</c>.</summary>
    public string Code { get; } = code;

    /// <summary>What the client is told.</summary>
    public string Message { get; } = message;

    public override string ToString() => $"{StatusCode} {Code}: {Message}";
}

/// <summary>What a step of reading or preparing a request gives: its value, or the refusal that ends the request.</summary>
public readonly struct Refusable<T>
{
    private readonly T _value;

    private Refusable(T value, RequestError? refusal)
    {
        _value = value;
        Refusal = refusal;
    }

    /// <summary>Why the request is refused; null when the step gave its value.</summary>
    public RequestError? Refusal { get; }

    /// <summary>The step's value; only when it did not refuse.</summary>
    public T Value => Refusal is null ? _value : throw new InvalidOperationException($"The request was refused: {Refusal}");

    /// <summary>Whether the step refused, with the refusal, or else its value.</summary>
    public bool Refused(out RequestError refusal, out T value)
    {
        refusal = Refusal!;
        value = _value;
        return Refusal is not null;
    }

    public static implicit operator Refusable<T>(T value) => new(value, null);

    public static implicit operator Refusable<T>(RequestError refusal) => new(default!, refusal ?? throw new ArgumentNullException(nameof(refusal)));
}
