using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.People;
using Training.Qualifications;
using Training.Tests.Infrastructure;

namespace Training.Tests.Qualifications;

/// <summary>
/// The expiry reminder by the holder's channel (issue 30): by SMS to a holder who chose it, to nobody whose notices go
/// to the call list (no call is listed for it, as before) and to nobody who stopped it, each reminder once whatever the channel.
/// </summary>
public sealed class QualificationExpiryChannelTests(SmsApp shared) : IClassFixture<SmsApp>
{
    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private Task HoldsAsync(Person person) => HoldsAsync(_app, person.Id, $"見守りサポーター{_tag}-{person.Id}");

    /// <summary>A qualification of the person's, expiring in 60 days: inside the 90-day reminder only.</summary>
    internal static Task HoldsAsync(TrainingApp app, int personId, string type) => app.WithDbAsync(async db =>
    {
        var kind = QualificationType.Create(type, 24);
        db.QualificationTypes.Add(kind);
        await db.SaveChangesAsync();
        db.Qualifications.Add(new Qualification
        {
            PersonId = personId, QualificationTypeId = kind.Id, GrantedAt = TestClock.UtcNow.AddMonths(-22), ExpiresAt = TestClock.UtcNow.AddDays(60),
        });
        await db.SaveChangesAsync();
    });

    private Task RunAsync() => RunAsync(_app);

    internal static async Task RunAsync(TrainingApp app)
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<QualificationExpiryJob>().RunAsync(CancellationToken.None);
    }

    private Task<int> EmailsToAsync(int personId) => _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == personId));

    [Fact]
    public async Task A_holder_who_chose_SMS_is_reminded_once_by_SMS_and_one_on_the_call_list_or_who_stopped_it_gets_nothing()
    {
        var mobile = SmsApp.NewMobileNumber();
        var bySms = await shared.ResidentAsync(new PersonBuilder().Named("青木", "和子", "あおき", "かずこ").WithPhone(mobile), NoticeChannel.Sms);
        var byCall = await shared.ResidentAsync(new PersonBuilder().WithEmail($"call.{_tag}@example.jp").WithPhone("0551-22-1111"), NoticeChannel.CallList);
        var stoppedMobile = SmsApp.NewMobileNumber();
        var stopped = await shared.ResidentAsync(new PersonBuilder().WithPhone(stoppedMobile), NoticeChannel.Sms);
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<EmailPreferences>().SetAsync(stopped.Id, EmailCategory.Qualification, false, ContactChannel.Web);
        foreach (var person in new[] { bySms, byCall, stopped }) await HoldsAsync(person);

        await RunAsync();
        await RunAsync();
        await shared.DispatchAsync();

        var text = Assert.Single(shared.TextsTo(mobile));
        Assert.StartsWith($"資格の期限のお知らせ\n「見守りサポーター{_tag}-{bySms.Id}」は", text);
        Assert.EndsWith(bySms.AccessToken, text);
        Assert.Equal(0, await EmailsToAsync(bySms.Id));
        Assert.Equal(0, await EmailsToAsync(byCall.Id));
        Assert.Equal(0, await _app.WithDbAsync(db => db.CallList.CountAsync(c => c.PersonId == byCall.Id)));
        Assert.Empty(shared.TextsTo(stoppedMobile));
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundMessages.CountAsync(m => m.PersonId == byCall.Id || m.PersonId == stopped.Id)));
    }

    [Fact]
    public async Task A_holder_reminded_by_email_who_then_chooses_SMS_is_not_reminded_again()
    {
        var mobile = SmsApp.NewMobileNumber();
        var person = await shared.ResidentAsync(new PersonBuilder().WithEmail($"later.{_tag}@example.jp").WithPhone(mobile), null);
        await HoldsAsync(person);

        await RunAsync();
        await shared.ChooseAsync(person.Id, NoticeChannel.Sms);
        await RunAsync();
        await shared.DispatchAsync();

        Assert.Equal(1, await EmailsToAsync(person.Id));
        Assert.Empty(shared.TextsTo(mobile));
    }
}

/// <summary>On LINE the reminder is the email's text, its stop link included: the same consent stops it whatever the channel.</summary>
public sealed class QualificationExpiryLineTests(LineApp fixture) : IClassFixture<LineApp>
{
    [Fact]
    public async Task A_holder_who_linked_LINE_is_reminded_on_LINE_with_the_link_to_stop_these_reminders()
    {
        var (personId, userId) = await fixture.LinkedResidentAsync();
        var type = $"見守りサポーター{Guid.NewGuid():N}"[..20];
        await QualificationExpiryChannelTests.HoldsAsync(fixture.App, personId, type);

        await QualificationExpiryChannelTests.RunAsync(fixture.App);
        await using (var scope = fixture.App.Scope())
            await scope.ServiceProvider.GetRequiredService<ChannelDispatcher>().DispatchAsync();

        var text = string.Concat(Assert.Single(fixture.Line.Pushes, p => p.To == userId).Texts);
        Assert.Contains($"「{type}」の有効期限", text);
        Assert.Matches("次のリンクから停止できます。\\s*https?://\\S+/Unsubscribe/", text);
        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == personId)));
    }
}
