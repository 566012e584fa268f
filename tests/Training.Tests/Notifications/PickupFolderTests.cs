using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

public sealed class PickupFolderTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Without_an_SMTP_host_email_is_written_to_the_pickup_folder_once()
    {
        await using (var scope = _app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest(
                "test:pickup", "test-message", "ja", "resident@example.jp", "𠮷田 春江",
                new Dictionary<string, object?> { ["sender"] = "職員", ["sent_at"] = "今" }));
        }

        for (var run = 0; run < 2; run++)
        {
            await using var scope = _app.Scope();
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
        }

        var file = Assert.Single(Directory.GetFiles(_app.PickupDirectory, "*.eml"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("𠮷田 春江", message.To.Mailboxes.Single().Name);
        Assert.Contains("テストメール", message.Subject);
        Assert.Contains("職員", message.TextBody);
        Assert.NotNull(message.HtmlBody);
    }
}
