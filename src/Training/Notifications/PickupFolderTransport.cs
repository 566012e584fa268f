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
        System.IO.Directory.CreateDirectory(Directory);
        return Task.FromResult<IMailConnection>(new Connection(this));
    }

    private sealed class Connection(PickupFolderTransport transport) : IMailConnection
    {
        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var name = string.Concat((message.MessageId ?? MimeUtils.GenerateMessageId()).Split(Path.GetInvalidFileNameChars()));
            var path = Path.Combine(transport.Directory, name + ".eml");
            var temporary = path + ".tmp";
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            transport._logger.LogInformation("Email written to {Path}", path);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
