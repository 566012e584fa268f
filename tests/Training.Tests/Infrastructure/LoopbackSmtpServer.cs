using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Training.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the SmtpServer package, in process). Its answer to each message can be
/// scripted, e.g. 451 the first time and 250 after that, and it can be stopped and started again on the same port.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private CancellationTokenSource? _stop;
    private Task? _running;

    public LoopbackSmtpServer(int? port = null) => Port = port ?? FreePort();

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Received { get; } = new();
    /// <summary>Each accepted message's bytes exactly as they came over the wire (after SMTP dot-unstuffing).</summary>
    public ConcurrentQueue<byte[]> ReceivedBytes { get; } = new();
    /// <summary>Decides the reply for the n-th message (1-based) the server is handed; default: accept.</summary>
    public Func<int, MimeMessage, SmtpResponse> Reply { get; set; } = (_, _) => SmtpResponse.Ok;
    private int _handed;
    /// <summary>Told of each message as it is handed over, before the reply, with the client connection it came on.</summary>
    public Action<string, MimeMessage>? Handed { get; set; }
    /// <summary>Each accepted message's key with the client connection (address and port) it came on.</summary>
    public ConcurrentQueue<(string Key, string Connection)> Deliveries { get; } = new();

    public Dictionary<string, string?> Settings => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Port.ToString(),
        ["Smtp:Security"] = "None",
        ["Smtp:TimeoutSeconds"] = "10",
    };

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _stop = new CancellationTokenSource();
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        await WaitUntilListeningAsync();
    }

    public async Task StopAsync()
    {
        if (_stop is null || _running is null) return;
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _stop = null;
        _running = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    public IReadOnlyList<string> ReceivedKeys() => Received.Select(m => m.Headers["X-Training-Key"] ?? "").ToList();

    private async Task WaitUntilListeningAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }
        throw new InvalidOperationException($"SMTP test server did not start on port {Port}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(LoopbackSmtpServer server) : IMessageStore
    {
        public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var bytes = buffer.ToArray();
            using var stream = new MemoryStream(bytes);
            var message = MimeMessage.Load(stream, cancellationToken);
            var n = Interlocked.Increment(ref server._handed);
            var connection = context.Properties.TryGetValue("EndpointListener:RemoteEndPoint", out var remote) ? remote?.ToString() ?? "" : "";
            server.Handed?.Invoke(connection, message);
            var reply = server.Reply(n, message);
            if (reply.ReplyCode == SmtpReplyCode.Ok)
            {
                server.Deliveries.Enqueue((message.Headers["X-Training-Key"] ?? "", connection));
                server.Received.Enqueue(message);
                server.ReceivedBytes.Enqueue(bytes);
            }
            return Task.FromResult(reply);
        }
    }
}
