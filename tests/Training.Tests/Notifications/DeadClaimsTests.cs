using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Data;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>Mail a killed process was sending goes again at once, not after its claim expires; a live process's claims are left alone.</summary>
public sealed class DeadClaimsTests(SharedApp shared) : IClassFixture<SharedApp>
{
    // One app: each test reads back only the rows it claimed, by id.
    private readonly TrainingApp _app = shared.App;

    private async Task<long> ClaimedAsync(string token) => await _app.WithDbAsync(async db =>
    {
        var email = new OutboundEmail
        {
            IdempotencyKey = token, ToAddress = "hanako@example.jp", ToName = "山田 花子", Subject = "お申し込みを受け付けました", TextBody = "本文",
            Status = EmailStatus.Sending, ClaimToken = token, ClaimedUntil = TestClock.UtcNow.AddMinutes(5),
        };
        db.OutboundEmails.Add(email);
        await db.SaveChangesAsync();
        return email.Id;
    });

    [Fact]
    public async Task A_killed_processs_claims_are_taken_back_at_once_and_a_live_ones_and_another_machines_are_left()
    {
        var dead = await ClaimedAsync(await ProcessTags.KilledAsync() + "abc");
        using var alive = ProcessTags.Sleeping();
        var live = await ClaimedAsync(ProcessTags.Of(alive) + "def");
        var elsewhere = await ClaimedAsync("12345.1700000000@0badcafe:ghi");
        var mine = await ClaimedAsync(ClaimTokens.Mine + "jkl");

        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().TakeBackDeadClaimsAsync();

        var rows = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().ToDictionaryAsync(e => e.Id));
        Assert.Equal((EmailStatus.Pending, (string?)null), (rows[dead].Status, rows[dead].ClaimToken));
        Assert.True(rows[dead].NextAttemptAt <= TestClock.UtcNow);
        Assert.All(new[] { live, elsewhere, mine }, id => Assert.Equal(EmailStatus.Sending, rows[id].Status));
        alive.Kill();
    }

    [Fact]
    public async Task The_same_process_id_started_at_another_time_is_a_dead_claimer()
    {
        using var alive = ProcessTags.Sleeping();
        var reused = await ClaimedAsync(ProcessTags.Of(alive, startedEarlier: 3600) + "mno");

        await using var scope = _app.Scope();
        // The app's own recovery may already have taken it back; either way it is due again.
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().TakeBackDeadClaimsAsync();

        Assert.Equal(EmailStatus.Pending, await _app.WithDbAsync(db => db.OutboundEmails.Where(e => e.Id == reused).Select(e => e.Status).SingleAsync()));
        alive.Kill();
    }
}
