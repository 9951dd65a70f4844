using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, with no persistence. It can be stopped and started again on
/// the same port, to test what the gateway does while Redis is away. <c>./test.sh</c> installs the Debian package.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string? _clusterDirectory;
    private readonly IReadOnlyList<string> _arguments;
    private int? _busPort;
    private Process? _process;

    private RedisServer(int port, string? clusterDirectory = null, IReadOnlyList<string>? arguments = null)
    {
        Port = port;
        _clusterDirectory = clusterDirectory;
        _arguments = arguments ?? [];
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>A replica of <paramref name="primary"/>.</summary>
    public static async Task<RedisServer> StartReplicaAsync(RedisServer primary)
    {
        var server = new RedisServer(FreePort(), arguments: ["--replicaof", "127.0.0.1", primary.Port.ToString()]);
        await server.RestartAsync();
        return server;
    }

    /// <summary>A Sentinel watching <paramref name="primary"/> as <paramref name="serviceName"/>, quick to declare it down (1 s).</summary>
    public static async Task<RedisServer> StartSentinelAsync(RedisServer primary, string serviceName, string directory)
    {
        var port = FreePort();
        // Sentinel rewrites its configuration file as the topology changes: it lives in a folder of its own.
        var configuration = Path.Combine(directory, $"sentinel-{port}.conf");
        await File.WriteAllTextAsync(configuration, $"""
            sentinel monitor {serviceName} 127.0.0.1 {primary.Port} 1
            sentinel down-after-milliseconds {serviceName} 1000
            sentinel failover-timeout {serviceName} 3000
            """);
        var server = new RedisServer(port, arguments: [configuration, "--sentinel"]);
        await server.RestartAsync();
        return server;
    }

    /// <summary>A node for a Redis Cluster (<see cref="RedisCluster"/>), keeping its nodes.conf in <paramref name="directory"/>.</summary>
    internal static async Task<RedisServer> StartClusterNodeAsync(string directory)
    {
        var server = new RedisServer(FreePort(), directory);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--protected-mode", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A configuration file, when given, comes first (Sentinel's); options follow it.
        foreach (var argument in _arguments.Where(a => a.EndsWith(".conf", StringComparison.Ordinal)))
        {
            start.ArgumentList.Insert(0, argument);
        }
        foreach (var argument in _arguments.Where(a => !a.EndsWith(".conf", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add(argument);
        }
        if (!_arguments.Contains("--sentinel"))
        {
            foreach (var argument in new[] { "--save", "", "--appendonly", "no" })
            {
                start.ArgumentList.Add(argument);
            }
        }
        if (_clusterDirectory is not null)
        {
            foreach (var argument in new[]
            {
                // The bus port defaults to the port plus 10000, past 65535 for half the ephemeral range: pick one.
                "--cluster-enabled", "yes", "--cluster-port", (_busPort ??= FreePort()).ToString(),
                "--cluster-config-file", $"nodes-{Port}.conf", "--dir", _clusterDirectory,
                "--cluster-node-timeout", "1000",
                // A replica that has not finished its first sync cannot take over; sync at once instead of after 5 s.
                "--repl-diskless-sync-delay", "0",
            })
            {
                start.ArgumentList.Add(argument);
            }
        }
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed; ./test.sh installs it (apt-get install redis-server).", ex);
        }
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await PingAsync())
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"redis-server on port {Port} did not answer PING.");
    }

    /// <summary>Stops the server at once, as a crash would.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    public async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port for a redis-server to bind a moment later. It is taken below the kernel's ephemeral range (32768 and
    /// up), where the suite's outgoing connections and port-0 listeners get theirs: an ephemeral port free when
    /// checked can be some client socket's by the time redis binds it, and then the server never answers. Ports are
    /// handed out once per test run, so two servers of this process never get the same one.
    /// </summary>
    private static int FreePort()
    {
        lock (HandedOut)
        {
            while (true)
            {
                var port = Random.Shared.Next(20000, 32000);
                if (!HandedOut.Add(port))
                {
                    continue;
                }
                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // Taken by something else on this machine: try another.
                }
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
