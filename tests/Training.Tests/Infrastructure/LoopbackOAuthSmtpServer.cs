using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Training.Tests.Infrastructure;

/// <summary>
/// An SMTP server on 127.0.0.1 that, like Microsoft 365's and Gmail's, takes no password: it offers only AUTH XOAUTH2
/// (the SASL message "user={mailbox}^Aauth=Bearer {token}^A^A", base64) and refuses MAIL before it. Which tokens
/// it accepts is the test's to say (those its loopback token endpoint issued). Small on purpose: the commands a
/// sending client uses (RFC 5321), nothing else.
/// </summary>
public sealed class LoopbackOAuthSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _accepting;

    public LoopbackOAuthSmtpServer(Func<string, string, bool> accepts) => Accepts = accepts;

    /// <summary>Whether a (mailbox, token) pair may send.</summary>
    public Func<string, string, bool> Accepts { get; set; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public ConcurrentQueue<MimeMessage> Received { get; } = new();
    /// <summary>Every XOAUTH2 attempt as (mailbox, token, accepted), in order.</summary>
    public ConcurrentQueue<(string User, string Token, bool Accepted)> SignIns { get; } = new();
    public int PasswordAttempts => _passwordAttempts;
    private int _passwordAttempts;

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Dictionary<string, string?> Settings(string mailbox) => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = Port.ToString(),
        ["Smtp:Security"] = "None",
        ["Smtp:TimeoutSeconds"] = "10",
        ["Smtp:UserName"] = mailbox,
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            if (_accepting is not null) await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost ESMTP test");
            var signedIn = false;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250-8BITMIME");
                        await writer.WriteLineAsync("250 AUTH XOAUTH2");
                        break;
                    case "AUTH" when line.StartsWith("AUTH XOAUTH2 ", StringComparison.OrdinalIgnoreCase):
                        var (user, token) = Parse(line["AUTH XOAUTH2 ".Length..]);
                        signedIn = Accepts(user, token);
                        SignIns.Enqueue((user, token, signedIn));
                        await writer.WriteLineAsync(signedIn ? "235 2.7.0 Authentication successful"
                            : "535 5.7.3 Authentication unsuccessful");
                        break;
                    case "AUTH":
                        Interlocked.Increment(ref _passwordAttempts);
                        await writer.WriteLineAsync("504 5.7.4 Unrecognized authentication type");
                        break;
                    case "MAIL" when !signedIn:
                        await writer.WriteLineAsync("530 5.7.57 Client not authenticated to send mail");
                        break;
                    case "MAIL" or "RCPT" or "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 Start mail input; end with <CRLF>.<CRLF>");
                        data.Clear();
                        while (await reader.ReadLineAsync(_stop.Token) is { } body && body != ".")
                            data.Append(body.StartsWith('.') ? body[1..] : body).Append("\r\n");
                        using (var message = new MemoryStream(Encoding.Latin1.GetBytes(data.ToString())))
                            Received.Enqueue(await MimeMessage.LoadAsync(message));
                        await writer.WriteLineAsync("250 2.0.0 Queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static (string User, string Token) Parse(string base64)
    {
        var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('\u0001');
        var user = parts.FirstOrDefault(p => p.StartsWith("user=", StringComparison.Ordinal))?["user=".Length..] ?? "";
        var token = parts.FirstOrDefault(p => p.StartsWith("auth=Bearer ", StringComparison.Ordinal))?["auth=Bearer ".Length..] ?? "";
        return (user, token);
    }
}
