using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Tests.Security.Fuzzing;

/// <summary>A production gateway for the fuzzer.</summary>
public sealed class FuzzFixture : GatewayFixture
{
    protected override string Environment => "Production";
}

/// <summary>
/// Thousands of seeded hostile requests on every transport. Whatever arrives, the gateway answers below 500 with
/// valid JSON, never INTERNAL_SERVER_ERROR, never with internals (upstream addresses, exception types, stack
/// frames), and never hangs. A failure names the case's seed: <c>FUZZ_CASE_SEED=&lt;seed&gt;</c> replays that one case
/// on every transport; <c>FUZZ_SEED</c> and <c>FUZZ_CASES</c> pick another run.
/// </summary>
public sealed partial class FuzzTests(FuzzFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly RequestFuzzer.Schema Schema =
        RequestFuzzer.Schema.Read(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "schema", "gateway.graphql")));

    [Fact]
    public Task Post_requests() => RunAsync(transport: 1, cases: 2000, PostAsync);

    [Fact]
    public Task Get_requests() => RunAsync(transport: 2, cases: 600, GetAsync);

    [Fact]
    public Task WebSocket_subscribe_messages() => RunAsync(transport: 3, cases: 400, WebSocketAsync);

    [Fact]
    public Task Server_sent_event_requests() => RunAsync(transport: 4, cases: 300, ServerSentEventsAsync);

    private async Task RunAsync(int transport, int cases, Func<FuzzCase, Task> send)
    {
        var seeds = CaseSeeds(transport, cases);
        var failures = new List<string>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < seeds.Count; i = Interlocked.Increment(ref next))
            {
                var fuzzCase = new RequestFuzzer(Schema, seeds[i]).Next(allowSubscriptions: transport is 3 or 4);
                try
                {
                    await send(fuzzCase);
                }
                catch (Exception ex)
                {
                    lock (failures)
                    {
                        failures.Add($"FUZZ_CASE_SEED={seeds[i]}: {ex.Message}\n  request: {fuzzCase}");
                    }
                }
            }
        }));
        output.WriteLine($"{seeds.Count} cases, {failures.Count} failed");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
    }

    private static List<int> CaseSeeds(int transport, int cases)
    {
        if (int.TryParse(System.Environment.GetEnvironmentVariable("FUZZ_CASE_SEED"), out var only))
        {
            return [only];
        }
        var run = int.TryParse(System.Environment.GetEnvironmentVariable("FUZZ_SEED"), out var seed) ? seed : 20261202;
        var count = int.TryParse(System.Environment.GetEnvironmentVariable("FUZZ_CASES"), out var n) ? n : cases;
        // A seeded Random gives the same sequence in every process (HashCode does not: it is salted per process),
        // so a run is the same run on every machine.
        var sequence = new Random(unchecked(run * 31 + transport));
        return [.. Enumerable.Range(0, count).Select(_ => sequence.Next())];
    }

    private async Task PostAsync(FuzzCase fuzzCase)
    {
        using var content = new ByteArrayContent(fuzzCase.Body);
        content.Headers.ContentType = new("application/json");
        using var timeout = new CancellationTokenSource(Patience);
        using var response = await fixture.Client.PostAsync("/graphql", content, timeout.Token);
        await CheckJsonAsync(response, timeout.Token);
    }

    private async Task GetAsync(FuzzCase fuzzCase)
    {
        var url = new StringBuilder("/graphql?query=").Append(Uri.EscapeDataString(fuzzCase.Query));
        try
        {
            using var body = JsonDocument.Parse(fuzzCase.Body);
            foreach (var name in new[] { "variables", "extensions", "operationName" })
            {
                if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty(name, out var value))
                {
                    url.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // A damaged body goes out as damaged variables text.
            url.Append("&variables=").Append(Uri.EscapeDataString(fuzzCase.Text));
        }
        using var timeout = new CancellationTokenSource(Patience);
        using var response = await fixture.Client.GetAsync(url.ToString(), timeout.Token);
        await CheckJsonAsync(response, timeout.Token);
    }

    private async Task ServerSentEventsAsync(FuzzCase fuzzCase)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(fuzzCase.Body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var timeout = new CancellationTokenSource(Patience);
        using var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            await CheckJsonAsync(response, timeout.Token);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        string? name = null;
        var data = new StringBuilder();
        try
        {
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line[5..].TrimStart());
                }
                else if (line.Length == 0 && name is not null)
                {
                    if (name == "complete")
                    {
                        return;
                    }
                    CheckPayload(data.ToString());
                    if (IsSubscription(fuzzCase))
                    {
                        // A live subscription has shown it works; it would run on for as long as we listen.
                        return;
                    }
                    (name, data) = (null, data.Clear());
                }
            }
        }
        catch (OperationCanceledException) when (IsSubscription(fuzzCase))
        {
            // A subscription whose event did not come within the patience: waiting is its nature, not a hang.
            return;
        }
        Assert.Fail("The event stream ended without a complete event.");
    }

    private async Task WebSocketAsync(FuzzCase fuzzCase)
    {
        await using var socket = await GraphQLWebSocketClient.ConnectAndInitAsync(fixture.Gateway.Address);
        var message = Encoding.UTF8.GetBytes("{\"id\":\"fuzz\",\"type\":\"subscribe\",\"payload\":").Concat(fuzzCase.Body).Append((byte)'}').ToArray();
        await socket.SendTextAsync(message);
        while (true)
        {
            JsonElement? received;
            try
            {
                received = await socket.ReceiveOrCloseAsync(Patience);
            }
            catch (OperationCanceledException) when (IsSubscription(fuzzCase))
            {
                return;
            }
            catch (WebSocketException) when (!IsUtf8(message))
            {
                // RFC 6455 8.1: a text message that is not UTF-8 fails the connection, which is closing it, with a
                // 1007 close frame first when it can (.NET's socket sends one, then aborts, which may overtake it).
                return;
            }
            if (received is not { } reply)
            {
                // Closing is the protocol's answer to a malformed message; an internal error or no close frame is not.
                var code = (int?)socket.CloseStatus;
                Assert.True(code is 4400 or 1007 or 1009, $"closed with {code} {socket.CloseDescription}");
                return;
            }
            var type = reply.GetProperty("type").GetString();
            if (type == "ping")
            {
                await socket.SendAsync(new { type = "pong" });
                continue;
            }
            CheckPayload(reply.GetRawText());
            if (type is "complete" or "error" || IsSubscription(fuzzCase))
            {
                return;
            }
        }
    }

    private async Task CheckJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True((int)response.StatusCode < 500, $"HTTP {(int)response.StatusCode}: {text}");
        CheckPayload(text);
    }

    /// <summary>Valid JSON, no internal error, nothing that tells the client how the gateway is built or where its upstreams are.</summary>
    private void CheckPayload(string text)
    {
        using var json = JsonDocument.Parse(text);
        Assert.DoesNotContain("INTERNAL_SERVER_ERROR", text, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Demo.BaseAddress.Authority, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), text);
    }

    private static bool IsUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static bool IsSubscription(FuzzCase fuzzCase) => fuzzCase.Query.StartsWith("subscription", StringComparison.Ordinal);

    [GeneratedRegex(@"\bat [A-Z][\w.]+\.[\w<>]+\(|System\.[A-Z]\w+\.|Gateway\.[A-Z]\w+\.")]
    private static partial Regex StackFrame();
}
