using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>The outbox sending over several SMTP connections at once (Email:Connections), against a real server on loopback.</summary>
public sealed class ParallelConnectionsTests : IAsyncLifetime
{
    private const int Connections = 4;
    private readonly LoopbackSmtpServer _smtp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
    private TrainingApp _app = null!;

    public async Task InitializeAsync()
    {
        var settings = _smtp.Settings;
        settings["Email:BatchSize"] = "20";
        settings["Email:Connections"] = Connections.ToString();
        _app = new TrainingApp(settings, _time);
        _ = _app.Services; // start the host: migrations, first admin
        await _smtp.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Sent_over_four_connections_each_message_is_delivered_once_and_marked_sent()
    {
        var keys = await QueueAsync(60);

        var result = await DispatchAsync();

        Assert.Equal(60, result.Sent);
        Assert.Equal(keys.Order(), _smtp.ReceivedKeys().Order());
        Assert.Equal(60, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.Status == EmailStatus.Sent && e.Attempts == 1 && e.ClaimToken == null)));
    }

    [Fact]
    public async Task Each_connection_has_marked_its_last_message_sent_before_it_sends_the_next()
    {
        var keys = await QueueAsync(60);
        // What each connection delivered so far, and the messages handed over while one of them was still not marked:
        // a crash at that moment would leave more than one message per connection delivered but not marked.
        var deliveredOn = new ConcurrentDictionary<string, List<string>>();
        var unmarkedWhenTheNextCame = new ConcurrentBag<string>();
        _smtp.Handed = (connection, message) =>
        {
            var earlier = deliveredOn.GetOrAdd(connection, _ => []);
            var unmarked = _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => earlier.Contains(e.IdempotencyKey) && e.Status != EmailStatus.Sent))
                .GetAwaiter().GetResult();
            if (unmarked > 0) unmarkedWhenTheNextCame.Add(message.Headers["X-Training-Key"]!);
            earlier.Add(message.Headers["X-Training-Key"]!);
        };

        var result = await DispatchAsync();

        Assert.Equal(60, result.Sent);
        Assert.Empty(unmarkedWhenTheNextCame);
        Assert.Equal(keys.Order(), deliveredOn.Values.SelectMany(k => k).Order());
    }

    [Fact]
    public async Task Two_dispatchers_of_four_connections_each_deliver_every_message_exactly_once()
    {
        var keys = await QueueAsync(80);

        var results = await Task.WhenAll(DispatchAsync(), DispatchAsync());

        Assert.Equal(80, results.Sum(r => r.Sent));
        Assert.Equal(keys.Order(), _smtp.ReceivedKeys().Order());
    }

    private async Task<List<string>> QueueAsync(int count)
    {
        var keys = Enumerable.Range(1, count).Select(i => $"test:connections:{i}").ToList();
        await using var scope = _app.Scope();
        var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
        foreach (var key in keys)
            await outbox.QueueAsync(new EmailRequest(key, "test-message", "ja", $"{key.Replace(':', '-')}@example.jp", "山﨑 和子",
                new TestEmail("テスト", "11月26日（木） 10:00"), EmailCategory.Staff));
        return keys;
    }

    private async Task<DispatchResult> DispatchAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync();
    }
}
