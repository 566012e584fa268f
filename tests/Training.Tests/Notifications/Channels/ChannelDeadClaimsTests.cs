using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications.Channels;

/// <summary>
/// LINE and SMS messages a killed process was sending are lost by nobody (issue 30, item 4): taken back at once and sent,
/// once; a live process's claims are left to it.
/// </summary>
public sealed class ChannelDeadClaimsTests : IAsyncLifetime
{
    private ChannelsApp _channels = null!;

    public async Task InitializeAsync() => _channels = await ChannelsApp.StartAsync();

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task An_SMS_claimed_by_a_killed_process_is_sent_at_once_and_a_live_processs_claim_is_left_alone()
    {
        var person = await _channels.ResidentAsync(null, "090-1234-5678");
        var dead = await ClaimedAsync(person.Id, "sms:dead", await ProcessTags.KilledAsync() + "abc");
        using var alive = ProcessTags.Sleeping();
        var live = await ClaimedAsync(person.Id, "sms:live", ProcessTags.Of(alive) + "def");

        await using var scope = _channels.Scope();
        var dispatcher = scope.ServiceProvider.GetRequiredService<ChannelDispatcher>();
        // The app's own recovery (at start, then every 15 seconds) may have taken it back first; either way it goes now.
        await dispatcher.TakeBackDeadClaimsAsync();
        await dispatcher.DispatchAsync();

        var rows = await _channels.App.WithDbAsync(db => db.OutboundMessages.AsNoTracking().ToDictionaryAsync(m => m.Id));
        Assert.Equal(EmailStatus.Sent, rows[dead].Status);
        Assert.Equal(EmailStatus.Sending, rows[live].Status);
        Assert.Equal("sms:dead", Assert.Single(_channels.Sms.Delivered).Key);
        alive.Kill();
    }

    /// <summary>A message queued as usual, then claimed as the dispatcher of the process <paramref name="token"/> names claims it.</summary>
    private async Task<long> ClaimedAsync(int personId, string key, string token)
    {
        await using (var scope = _channels.Scope())
            await scope.ServiceProvider.GetRequiredService<ChannelOutbox>().QueueAsync(new ChannelRequest(key, NoticeChannel.Sms, personId, "+819012345678",
                "お申込を受付けました", "registration-confirmed"));
        return await _channels.App.WithDbAsync(async db =>
        {
            await db.OutboundMessages.Where(m => m.IdempotencyKey == key).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, EmailStatus.Sending)
                .SetProperty(m => m.ClaimToken, token)
                .SetProperty(m => m.ClaimedUntil, TestClock.UtcNow.AddMinutes(5)));
            return await db.OutboundMessages.Where(m => m.IdempotencyKey == key).Select(m => m.Id).SingleAsync();
        });
    }
}
