using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmtpServer.Protocol;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>The outbox against a real SMTP server on loopback: every fault the issue names.</summary>
public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private readonly LoopbackSmtpServer _smtp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
    private TrainingApp _app = null!;

    public Task InitializeAsync()
    {
        var settings = _smtp.Settings;
        settings["Email:BatchSize"] = "5";
        _app = new TrainingApp(settings, _time);
        _ = _app.Services; // start the host: migrations, first admin
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_message_queued_once_is_delivered_once()
    {
        await _smtp.StartAsync();
        await QueueAsync("test:once", "resident@example.jp");

        var first = await DispatchAsync();
        var second = await DispatchAsync();

        Assert.Equal(1, first.Sent);
        Assert.Equal(0, second.Sent);
        var received = Assert.Single(_smtp.Received);
        Assert.Equal("test:once", received.Headers["X-Training-Key"]);
        Assert.Equal("resident@example.jp", received.To.Mailboxes.Single().Address);
        Assert.Contains("テストメール", received.Subject);
        Assert.Contains("メールの設定は正しく動いています", received.TextBody);
        var row = await RowAsync("test:once");
        Assert.Equal(EmailStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task Queuing_the_same_idempotency_key_twice_keeps_one_row()
    {
        var first = await QueueAsync("reminder:1:2:3d", "a@example.jp");
        var second = await QueueAsync("reminder:1:2:3d", "a@example.jp");

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(1, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.IdempotencyKey == "reminder:1:2:3d")));
    }

    [Fact]
    public async Task A_451_reply_is_retried_after_back_off_and_then_delivered()
    {
        _smtp.Reply = (n, _) => n == 1 ? new SmtpResponse((SmtpReplyCode)451, "4.3.0 Try again later") : SmtpResponse.Ok;
        await _smtp.StartAsync();
        await QueueAsync("test:451", "resident@example.jp");

        var first = await DispatchAsync();
        var row = await RowAsync("test:451");
        Assert.Equal(1, first.Retrying);
        Assert.Equal(EmailStatus.Pending, row.Status);
        Assert.Equal(451, row.LastSmtpStatus);
        Assert.Contains("Try again later", row.LastError);
        Assert.Empty(_smtp.Received);

        // Not yet due: the back-off holds it back.
        Assert.Equal(0, (await DispatchAsync()).Sent);

        _time.Advance(TimeSpan.FromMinutes(2));
        var retry = await DispatchAsync();

        Assert.Equal(1, retry.Sent);
        Assert.Single(_smtp.Received);
        Assert.Equal(EmailStatus.Sent, (await RowAsync("test:451")).Status);
    }

    [Fact]
    public async Task A_550_reply_marks_the_message_failed_with_the_servers_reason()
    {
        _smtp.Reply = (_, _) => new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 No such mailbox here");
        await _smtp.StartAsync();
        await QueueAsync("test:550", "nobody@example.jp");

        var result = await DispatchAsync();
        _time.Advance(TimeSpan.FromDays(1));
        await DispatchAsync();

        Assert.Equal(1, result.Failed);
        var row = await RowAsync("test:550");
        Assert.Equal(EmailStatus.Failed, row.Status);
        Assert.Equal(550, row.LastSmtpStatus);
        Assert.Contains("No such mailbox here", row.LastError);
        Assert.Equal(1, row.Attempts);
        Assert.Empty(_smtp.Received);
    }

    [Fact]
    public async Task Messages_stay_pending_while_the_server_is_down_and_are_delivered_when_it_returns()
    {
        await QueueAsync("test:down:1", "one@example.jp");
        await QueueAsync("test:down:2", "two@example.jp");

        var whileDown = await DispatchAsync();

        Assert.True(whileDown.ConnectionFailed);
        var rows = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().ToListAsync());
        Assert.All(rows, r => Assert.Equal(EmailStatus.Pending, r.Status));
        Assert.All(rows, r => Assert.Equal(0, r.Attempts));
        Assert.All(rows, r => Assert.Contains("Cannot connect", r.LastError));

        await _smtp.StartAsync();
        _time.Advance(TimeSpan.FromMinutes(2));
        var afterReturn = await DispatchAsync();

        Assert.Equal(2, afterReturn.Sent);
        Assert.Equal(["test:down:1", "test:down:2"], _smtp.ReceivedKeys().Order());
    }

    [Fact]
    public async Task Two_dispatchers_at_once_deliver_each_message_exactly_once()
    {
        await _smtp.StartAsync();
        var keys = Enumerable.Range(1, 30).Select(i => $"test:parallel:{i}").ToList();
        foreach (var key in keys) await QueueAsync(key, $"{key.Replace(':', '-')}@example.jp");

        var results = await Task.WhenAll(DispatchAsync(), DispatchAsync());

        Assert.Equal(30, results.Sum(r => r.Sent));
        Assert.Equal(keys.Order(), _smtp.ReceivedKeys().Order());
        Assert.Equal(30, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.Status == EmailStatus.Sent)));
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_dispatcher_is_taken_over_after_it_expires()
    {
        await _smtp.StartAsync();
        await QueueAsync("test:crash", "resident@example.jp");
        // A dispatcher claimed the row and died before sending.
        await _app.WithDbAsync(db => db.OutboundEmails.ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Status, EmailStatus.Sending)
            .SetProperty(e => e.ClaimToken, "dead-process")
            .SetProperty(e => e.ClaimedUntil, _time.GetUtcNow().UtcDateTime.AddMinutes(5))));

        Assert.Equal(0, (await DispatchAsync()).Sent);
        _time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, (await DispatchAsync()).Sent);
        Assert.Single(_smtp.Received);
    }

    private async Task<long?> QueueAsync(string key, string to)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<EmailOutbox>().QueueAsync(new EmailRequest(
            key, "test-message", "ja", to, "山﨑 和子",
            new TestEmail("テスト", "11月26日（木） 10:00"),
            EmailCategory.Staff));
    }

    private async Task<DispatchResult> DispatchAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
    }

    private Task<OutboundEmail> RowAsync(string key) =>
        _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.IdempotencyKey == key));
}
