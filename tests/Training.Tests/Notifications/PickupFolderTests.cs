using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>Each test reads the whole pickup folder, so each has an app of its own (made only when the test asks for the default one).</summary>
public sealed class PickupFolderTests : IDisposable
{
    private TrainingApp? _default;

    private TrainingApp _app => _default ??= new TrainingApp();

    public void Dispose() => _default?.Dispose();

    [Fact]
    public async Task Without_an_SMTP_host_email_is_written_to_the_pickup_folder_once()
    {
        await using (var scope = _app.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest(
                "test:pickup", "test-message", "ja", "resident@example.jp", "𠮷田 春江",
                new TestEmail("職員", "今")));
        }

        for (var run = 0; run < 2; run++)
        {
            await using var scope = _app.Scope();
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
        }

        var file = Assert.Single(Directory.GetFiles(_app.PickupDirectory, "*.eml"));
        var bytes = await File.ReadAllBytesAsync(file);
        // RFC 5322 on disk, as a mail server collecting the folder sends it on: CRLF only, 7-bit parts.
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') Assert.True(i > 0 && bytes[i - 1] == (byte)'\r', $"a bare LF at byte {i}");
        Assert.All(bytes, b => Assert.True(b < 0x80, "an 8-bit byte in the file"));
        var message = await MimeMessage.LoadAsync(file);
        Assert.All(message.BodyParts.OfType<MimePart>(), part => Assert.NotEqual(ContentEncoding.Default, part.ContentTransferEncoding));
        Assert.Equal("𠮷田 春江", message.To.Mailboxes.Single().Name);
        Assert.Contains("テストメール", message.Subject);
        Assert.Contains("職員", message.TextBody);
        Assert.NotNull(message.HtmlBody);
    }

    [Fact]
    public async Task An_ISO_2022_JP_message_is_written_to_the_pickup_folder_in_7bit_and_reads_strictly()
    {
        using var app = new TrainingApp(new() { ["Email:Charset"] = "iso-2022-jp" });
        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest(
                "test:pickup-jis", "test-message", "ja", "resident@example.jp", "山田 春江", new TestEmail("職員", "今")));

        await using (var scope = app.Scope())
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();

        var message = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(app.PickupDirectory, "*.eml")));
        Assert.All(message.BodyParts.OfType<TextPart>(), part =>
        {
            Assert.Equal(("iso-2022-jp", ContentEncoding.SevenBit), (part.ContentType.Charset, part.ContentTransferEncoding));
            using var raw = new MemoryStream();
            part.Content!.DecodeTo(raw);
            Assert.Contains("職員", StrictIso2022Jp.Decode(raw.ToArray()));
        });
    }
}
