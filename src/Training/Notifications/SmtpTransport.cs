using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Training.Configuration;

namespace Training.Notifications;

/// <summary>SMTP through MailKit: one connection per dispatcher batch, authenticated once (with a password or a token).</summary>
public class SmtpTransport(SmtpOptions options, ISmtpTokens? tokens = null) : IMailTransport
{
    public string Describe() => $"SMTP {options.Host}:{options.Port}";

    public async Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        Socket? socket = null;
        try
        {
            socket = await OpenSocketAsync(options.Host!, options.Port, TimeSpan.FromSeconds(options.TimeoutSeconds), cancellationToken);
            await client.ConnectAsync(socket, options.Host!, options.Port, Enum.Parse<SecureSocketOptions>(options.Security), cancellationToken);
            if (tokens is not null) await SignInWithTokenAsync(client, tokens, cancellationToken);
            else if (!string.IsNullOrEmpty(options.UserName))
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            return new Connection(client);
        }
        catch (Exception ex) when (IsConnectionProblem(ex) || ex is SmtpTokenException)
        {
            client.Dispose();
            socket?.Dispose();
            throw new MailConnectionException($"Cannot connect to SMTP server {options.Host}:{options.Port}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// XOAUTH2 with the cached token; a refusal may mean it was revoked before it expired, so one new token is asked
    /// for and tried before the connection counts as failed.
    /// </summary>
    private async Task SignInWithTokenAsync(SmtpClient client, ISmtpTokens source, CancellationToken cancellationToken)
    {
        var token = await source.GetAsync(renew: false, cancellationToken);
        try
        {
            await client.AuthenticateAsync(new SaslMechanismOAuth2(options.UserName!, token), cancellationToken);
        }
        catch (AuthenticationException)
        {
            token = await source.GetAsync(renew: true, cancellationToken);
            await client.AuthenticateAsync(new SaslMechanismOAuth2(options.UserName!, token), cancellationToken);
        }
    }

    /// <summary>
    /// A TCP connection with Nagle's algorithm off. MailKit writes the end of each message (CRLF.CRLF) as a small
    /// separate segment; with Nagle on it waits for the server's delayed ACK, about 40 ms per message (23 messages
    /// a second on loopback instead of over a thousand).
    /// </summary>
    private static async Task<Socket> OpenSocketAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, connectTimeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal static bool IsConnectionProblem(Exception ex) => ex is SocketException or IOException or SmtpProtocolException
        or ServiceNotConnectedException or AuthenticationException or SslHandshakeException or TimeoutException
        or SmtpCommandException or OperationCanceledException;

    private sealed class Connection(SmtpClient client) : IMailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException ex)
            {
                throw new MailRejectedException((int)ex.StatusCode, ex.Message, ex);
            }
            catch (Exception ex) when (IsConnectionProblem(ex))
            {
                throw new MailConnectionException($"SMTP connection lost: {ex.Message}", ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(quit: true);
            }
            catch (Exception ex) when (IsConnectionProblem(ex))
            {
                // The messages are already recorded; a failed QUIT changes nothing.
            }
            client.Dispose();
        }
    }
}
