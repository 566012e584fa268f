using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Utils;

namespace Training.Notifications;

/// <summary>
/// The embedded default: each message becomes an .eml file. A file is named by its Message-Id, so sending the
/// same outbox row twice after a crash overwrites one file instead of producing two.
/// </summary>
public class PickupFolderTransport(string directory, ILogger<PickupFolderTransport> logger) : IMailTransport
{
    public string Directory { get; } = Path.GetFullPath(directory);
    private readonly ILogger _logger = logger;

    public string Describe() => $"pickup folder {Directory}";

    public Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unwritable(ex);
        }
        return Task.FromResult<IMailConnection>(new Connection(this));
    }

    /// <summary>A folder that cannot be written is like a mail server that cannot be reached: every message waits, with
    /// the reason on its outbox row, and goes when the folder is writable again.</summary>
    private MailConnectionException Unwritable(Exception ex) =>
        new($"The pickup folder {Directory} cannot be written: {ex.Message}", ex);

    private sealed class Connection(PickupFolderTransport transport) : IMailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var name = string.Concat((message.MessageId ?? MimeUtils.GenerateMessageId()).Split(Path.GetInvalidFileNameChars()));
            var path = Path.Combine(transport.Directory, name + ".eml");
            var temporary = path + ".tmp";
            try
            {
                // As a mail server collecting the folder expects (MailKit's pickup recipe): CRLF line ends, and every
                // part in a 7-bit transfer encoding, so the file can be sent on as it is. Lines may be as long as RFC 5322
                // allows, so an ISO-2022-JP part already in 7bit stays 7bit rather than being re-encoded.
                message.Prepare(EncodingConstraint.SevenBit, JisText.MaxLineBytes);
                var format = FormatOptions.Default.Clone();
                format.NewLineFormat = NewLineFormat.Dos;
                await message.WriteToAsync(format, temporary, cancellationToken);
                File.Move(temporary, path, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A full disk leaves no half-written message behind.
                try { File.Delete(temporary); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
                throw transport.Unwritable(ex);
            }
            transport._logger.LogInformation("Email written to {Path}", path);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
