using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>
/// The monthly schedule by each resident's channel (issue 30): by SMS to those who chose SMS and asked for it, to
/// nobody on the call list (nobody is phoned a newsletter) and to nobody who stopped it, once a month whatever the channel.
/// </summary>
public sealed class MonthlyScheduleChannelTests(MonthlyScheduleChannelTests.App shared) : IClassFixture<MonthlyScheduleChannelTests.App>
{
    /// <summary>SMS on loopback, on 21 December at 10:00: past the schedule's day (the 20th), next month's goes out.</summary>
    public sealed class App() : SmsApp(new FakeTimeProvider(new DateTimeOffset(2026, 12, 21, 10, 0, 0, TimeSpan.FromHours(9))));

    private readonly TrainingApp _app = shared.App;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    private async Task<(Person Person, string Mobile)> BySmsAsync(bool? wantsSchedule)
    {
        var mobile = SmsApp.NewMobileNumber();
        var person = await shared.ResidentAsync(new PersonBuilder().WithPhone(mobile), NoticeChannel.Sms);
        if (wantsSchedule is { } wants) await WantsScheduleAsync(person.Id, wants);
        return (person, mobile);
    }

    private async Task WantsScheduleAsync(int personId, bool wants)
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<EmailPreferences>().SetAsync(personId, EmailCategory.MonthlySchedule, wants, ContactChannel.Web);
    }

    private async Task MailMonthlyAsync()
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<MonthlyScheduleMailer>().SendAsync();
    }

    private Task<int> EmailsToAsync(int personId) => _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.PersonId == personId));

    [Fact]
    public async Task The_schedule_goes_by_SMS_once_with_its_page_to_who_asked_and_to_nobody_who_did_not_or_stopped_it_or_is_on_the_call_list()
    {
        var (wants, wantsMobile) = await BySmsAsync(wantsSchedule: true);
        var (never, neverMobile) = await BySmsAsync(wantsSchedule: null);
        var (stopped, stoppedMobile) = await BySmsAsync(wantsSchedule: true);
        await WantsScheduleAsync(stopped.Id, false);
        var byCall = await shared.ResidentAsync(new PersonBuilder().WithEmail($"call.{_tag}@example.jp").WithPhone("0551-22-1111"), NoticeChannel.CallList);
        await WantsScheduleAsync(byCall.Id, true);

        await MailMonthlyAsync();
        await MailMonthlyAsync();
        await shared.DispatchAsync();

        var text = Assert.Single(shared.TextsTo(wantsMobile));
        Assert.Matches("^1月の予定表\n講座・活動[0-9]+件 ", text);
        Assert.EndsWith("/Schedule?month=2027-01", text);
        Assert.Empty(shared.TextsTo(neverMobile));
        Assert.Empty(shared.TextsTo(stoppedMobile));
        Assert.Equal(0, await EmailsToAsync(wants.Id));
        Assert.Equal(0, await EmailsToAsync(byCall.Id));
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundMessages.CountAsync(m => m.PersonId == byCall.Id || m.PersonId == never.Id || m.PersonId == stopped.Id)));
        Assert.Equal(0, await _app.WithDbAsync(db => db.CallList.CountAsync(c => c.PersonId == byCall.Id)));
    }

    [Fact]
    public async Task Someone_mailed_the_schedule_who_then_chooses_SMS_is_not_sent_it_again_that_month()
    {
        var mobile = SmsApp.NewMobileNumber();
        var person = await shared.ResidentAsync(new PersonBuilder().WithEmail($"later.{_tag}@example.jp").WithPhone(mobile), null);
        await WantsScheduleAsync(person.Id, true);

        await MailMonthlyAsync();
        await shared.ChooseAsync(person.Id, NoticeChannel.Sms);
        await MailMonthlyAsync();
        await shared.DispatchAsync();

        Assert.Equal(1, await EmailsToAsync(person.Id));
        Assert.Empty(shared.TextsTo(mobile));
    }
}
