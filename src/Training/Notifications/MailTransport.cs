using MimeKit;

namespace Training.Notifications;

/// <summary>Where outgoing mail goes: an SMTP server, or the pickup folder when none is configured.</summary>
public interface IMailTransport
{
    /// <summary>Opens one connection that the dispatcher reuses for a whole batch.</summary>
    /// <exception cref="MailConnectionException">The server cannot be reached or refused the session.</exception>
    Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken);
    string Describe();
}

public interface IMailConnection : IAsyncDisposable
{
    /// <exception cref="MailRejectedException">The server answered the message with a 4xx or 5xx reply.</exception>
    /// <exception cref="MailConnectionException">The connection broke; the message's fate is unknown.</exception>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>The server answered with an SMTP status: 4xx is worth retrying, 5xx is final.</summary>
public class MailRejectedException(int statusCode, string serverReply, Exception? inner = null)
    : Exception($"{statusCode} {serverReply}", inner)
{
    public int StatusCode { get; } = statusCode;
    public string ServerReply { get; } = serverReply;
    public bool IsPermanent => StatusCode >= 500;
}

public class MailConnectionException(string message, Exception? inner = null) : Exception(message, inner);
