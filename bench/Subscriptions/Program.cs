using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

// Subscription benchmark: N WebSocket subscribers on one gateway instance, each subscribed to customerUpdated
// for one customer; the bench changes that customer's phone E times and measures, for every subscriber and
// event, the time from sending the mutation to receiving the event. It also reads the gateway's resident memory
// before and after the subscribers connect, for the memory cost of an idle subscription.
//   dotnet run -c Release --project bench/Subscriptions -- <gateway url> <gateway pid> <subscribers> <events>

var gateway = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5300");
var pid = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
var subscribers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
var events = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20;
const string CustomerId = "42";

using var http = new HttpClient { BaseAddress = gateway };
// The mutation needs the crm:write scope: run-subscriptions.sh passes a token in AUTHORIZATION.
if (Environment.GetEnvironmentVariable("AUTHORIZATION") is { Length: > 0 } authorization)
{
    http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
}
await MutateAsync(http, "+1 555 0000"); // warm up the path once
var rssBefore = Rss(pid);

var clients = new List<Subscriber>(subscribers);
for (var i = 0; i < subscribers; i++)
{
    clients.Add(await Subscriber.ConnectAsync(gateway, CustomerId));
}
// Subscriptions start asynchronously after subscribe; one event every subscriber receives proves they all listen.
await WaitForAllAsync(http, clients, "+1 555 0001");
await Task.Delay(1000);
var rssIdle = Rss(pid);

var latencies = new List<double>(subscribers * events);
for (var e = 0; e < events; e++)
{
    var phone = $"+1 555 {1000 + e}";
    var sent = Stopwatch.GetTimestamp();
    await MutateAsync(http, phone);
    foreach (var received in await Task.WhenAll(clients.Select(c => c.WaitForAsync(phone))))
    {
        latencies.Add(Stopwatch.GetElapsedTime(sent, received).TotalMilliseconds);
    }
}

latencies.Sort();
double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
var perSubscription = pid > 0 ? (rssIdle - rssBefore) / (double)subscribers : double.NaN;
Console.WriteLine("| Subscribers | Events | Deliveries | p50 (ms) | p99 (ms) | max (ms) | Gateway RSS before / with subscribers (MiB) | Memory per idle subscription (KiB) |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {subscribers} | {events} | {latencies.Count} | {Percentile(0.50):F1} | {Percentile(0.99):F1} | {latencies[^1]:F1} | {rssBefore / 1048576.0:F0} / {rssIdle / 1048576.0:F0} | {perSubscription / 1024:F1} |"));

foreach (var client in clients)
{
    await client.DisposeAsync();
}
return 0;

static async Task MutateAsync(HttpClient http, string phone)
{
    var body = JsonSerializer.Serialize(new
    {
        query = "mutation ($phone: String!) { updateCustomerContact(input: {id: \"42\", phone: $phone}) { userErrors { code } } }",
        variables = new { phone },
    });
    using var response = await http.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode || text.Contains("\"errors\"", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"The mutation failed: {(int)response.StatusCode} {text}");
    }
}

static async Task WaitForAllAsync(HttpClient http, List<Subscriber> clients, string phone)
{
    for (var attempt = 0; attempt < 20; attempt++)
    {
        var marker = phone + attempt.ToString(CultureInfo.InvariantCulture);
        await MutateAsync(http, marker);
        // Fanning one event out to every subscriber takes a while; a subscriber still missing it after the wait
        // had not started listening yet, so the event is sent again.
        for (var wait = 0; wait < 50 && !clients.All(c => c.HasSeen(marker)); wait++)
        {
            await Task.Delay(100);
        }
        if (clients.All(c => c.HasSeen(marker)))
        {
            return;
        }
    }
    throw new TimeoutException("Not every subscriber received the warm-up event.");
}

static long Rss(int pid)
{
    if (pid <= 0)
    {
        return 0;
    }
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }
    return 0;
}

/// <summary>One graphql-transport-ws subscriber that records when each phone number arrived.</summary>
internal sealed class Subscriber : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<string, TaskCompletionSource<long>> _arrivals = [];
    private readonly Lock _gate = new();
    private Task? _reading;

    public static async Task<Subscriber> ConnectAsync(Uri gateway, string customerId)
    {
        var subscriber = new Subscriber();
        subscriber._socket.Options.AddSubProtocol("graphql-transport-ws");
        subscriber._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await subscriber._socket.ConnectAsync(new UriBuilder(gateway) { Scheme = "ws", Path = "/graphql" }.Uri, CancellationToken.None);
        await subscriber.SendAsync("{\"type\":\"connection_init\"}");
        await subscriber.SendAsync(JsonSerializer.Serialize(new
        {
            id = "1",
            type = "subscribe",
            payload = new { query = $"subscription {{ customerUpdated(id: \"{customerId}\") {{ id phone }} }}" },
        }));
        subscriber._reading = subscriber.ReadAsync();
        return subscriber;
    }

    public Task<long> WaitForAsync(string phone) => Arrival(phone).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public bool HasSeen(string phone) => Arrival(phone).Task.IsCompleted;

    private TaskCompletionSource<long> Arrival(string phone)
    {
        lock (_gate)
        {
            if (!_arrivals.TryGetValue(phone, out var arrival))
            {
                _arrivals[phone] = arrival = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            return arrival;
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[16 * 1024];
        while (_socket.State == WebSocketState.Open)
        {
            var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            var now = Stopwatch.GetTimestamp();
            using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            var root = message.RootElement;
            switch (root.GetProperty("type").GetString())
            {
                case "ping":
                    await SendAsync("{\"type\":\"pong\"}");
                    break;
                case "next":
                    var phone = root.GetProperty("payload").GetProperty("data").GetProperty("customerUpdated").GetProperty("phone").GetString()!;
                    Arrival(phone).TrySetResult(now);
                    break;
            }
        }
    }

    private Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
        if (_reading is not null)
        {
            await Task.WhenAny(_reading, Task.Delay(1000));
        }
        _socket.Dispose();
    }
}
