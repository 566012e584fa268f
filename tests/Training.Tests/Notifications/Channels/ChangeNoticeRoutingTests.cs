using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Courses;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications.Channels;

/// <summary>
/// A session moved or cancelled, or a whole run cancelled, is told to each person on their channel (issue 30): the
/// confirmation counts them by channel before anything is sent, and what waited about the session is withdrawn on
/// every channel.
/// </summary>
public sealed class ChangeNoticeRoutingTests : IAsyncLifetime
{
    private ChannelsApp _channels = null!;
    private TrainingApp App => _channels.App;

    public async Task InitializeAsync() => _channels = await ChannelsApp.StartAsync();

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task A_moved_session_is_counted_and_told_by_email_LINE_SMS_and_a_call_as_each_resident_chose()
    {
        var (course, people) = await FourRegisteredAsync();
        var session = await FirstSessionAsync(course.Id);

        await using var scope = _channels.Scope();
        var changes = scope.ServiceProvider.GetRequiredService<SessionChanges>();
        var move = new SessionMove(DateOnly.FromDateTime(session.StartsAt.AddDays(2)), new TimeOnly(10, 0), new TimeOnly(12, 0), null, null, null, "講師の都合");
        var question = Assert.IsType<SessionEdit.NeedsConfirmation>(await changes.RescheduleAsync(session.Id, move, confirmed: false, "日時を変更しました", Actor.System));
        var saved = Assert.IsType<SessionEdit.Saved>(await changes.RescheduleAsync(session.Id, move, confirmed: true, "日時を変更しました", Actor.System));

        Assert.Equal((1, 1, 1, 1), (question.Audience.ByEmail, question.Audience.ByLine, question.Audience.BySms, question.Audience.ByPhone));
        Assert.Equal(NoticeChannel.CallList, question.Audience.People.Single(p => p.PersonId == people.Calls.Id).Channel);
        Assert.Equal((1, 1, 1, 1), (saved.Told.ByEmail, saved.Told.ByLine, saved.Told.BySms, saved.Told.ByPhone));
        await AssertToldOnTheirChannelsAsync(people, "session-moved", "【変更】");
    }

    [Fact]
    public async Task Cancelling_a_run_tells_each_on_their_channel_and_withdraws_the_SMS_reminder_still_waiting()
    {
        var (course, people) = await FourRegisteredAsync();
        var session = await FirstSessionAsync(course.Id);
        await using var scope = _channels.Scope();
        await scope.ServiceProvider.GetRequiredService<ChannelOutbox>().QueueAsync(new ChannelRequest($"reminder:{session.Id}:{people.Sms.Id}:1:0",
            NoticeChannel.Sms, people.Sms.Id, "+819012345678", "明日は講座です", "session-reminder", EmailCategory.Reminder, session.Id));

        var changes = scope.ServiceProvider.GetRequiredService<CourseChanges>();
        var audience = await changes.CancellationAudienceAsync(course.Id);
        var told = await changes.CancelAsync(course.Id, "台風のため", Actor.System);

        Assert.Equal((1, 1, 1, 1), (audience.ByEmail, audience.ByLine, audience.BySms, audience.ByPhone));
        Assert.Equal((1, 1, 1, 1), (told!.ByEmail, told.ByLine, told.BySms, told.ByPhone));
        await AssertToldOnTheirChannelsAsync(people, "course-cancelled", "【中止】");
        Assert.Equal(EmailStatus.Cancelled, await App.WithDbAsync(db => db.OutboundMessages.Where(m => m.TemplateName == "session-reminder").Select(m => m.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_staff_confirmation_of_a_cancelled_session_names_LINE_and_SMS_with_their_counts()
    {
        var (course, _) = await FourRegisteredAsync();
        var session = await FirstSessionAsync(course.Id);
        var admin = await StaffSignInClient.SignedInClientAsync(App, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var form = System.Net.WebUtility.HtmlDecode(await (await Forms.PostAsync(admin, $"/Staff/Sessions/{session.Id}/Edit", new Dictionary<string, string> { ["CancelReason"] = "台風のため" },
            $"/Staff/Sessions/{session.Id}/Edit?handler=Cancel")).Content.ReadAsStringAsync());

        Assert.Contains("メールでお知らせ：1人　電話連絡リスト（至急）に載せる：1人　LINEでお知らせ：1人　SMSでお知らせ：1人", form);
        Assert.Contains("（SMS）", form);
        Assert.Contains("（LINE）", form);
    }

    private sealed record Four(Person Email, Person Line, Person Sms, Person Calls);

    /// <summary>Four residents on one run: one by email (never chose), one on LINE, one by SMS, one who asked to be phoned though they have email.</summary>
    private async Task<(Course Course, Four People)> FourRegisteredAsync()
    {
        var course = await App.WithDbAsync(db => new CourseBuilder().WithCapacity(10).SaveAsync(db));
        var byEmail = await _channels.ResidentAsync("hanako@example.jp", null);
        var byLine = await _channels.ResidentAsync(null, null, b => b.Named("伊藤", "健", "いとう", "けん"));
        await _channels.LinkLineAsync(byLine.Id);
        var bySms = await _channels.ResidentAsync(null, "090-1234-5678", b => b.Named("上田", "秀子", "うえだ", "ひでこ"));
        Assert.Equal(NoticeChoiceOutcome.Saved, await _channels.ChooseAsync(bySms.Id, NoticeChannel.Sms));
        var byCall = await _channels.ResidentAsync("susumu@example.jp", "0551-22-1111", b => b.Named("髙橋", "進", "たかはし", "すすむ"));
        Assert.Equal(NoticeChoiceOutcome.Saved, await _channels.ChooseAsync(byCall.Id, NoticeChannel.CallList));
        await using var scope = _channels.Scope();
        foreach (var person in new[] { byEmail, byLine, bySms, byCall })
            await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(course.Id, person.Id, ContactChannel.Web, null);
        // The booking confirmations sent, so what the providers receive next is the change alone.
        await _channels.DispatchAsync();
        _channels.Sms.Delivered.Clear();
        _channels.Line.Pushes.Clear();
        return (course, new Four(byEmail, byLine, bySms, byCall));
    }

    private Task<Session> FirstSessionAsync(int courseId) =>
        App.WithDbAsync(db => db.Sessions.AsNoTracking().Where(s => s.CourseId == courseId).OrderBy(s => s.StartsAt).FirstAsync());

    private async Task AssertToldOnTheirChannelsAsync(Four people, string template, string smsStarts)
    {
        var emails = await App.WithDbAsync(db => db.OutboundEmails.AsNoTracking().Where(e => e.TemplateName == template).ToListAsync());
        var messages = await App.WithDbAsync(db => db.OutboundMessages.AsNoTracking().Where(m => m.TemplateName == template).ToListAsync());
        var calls = await App.WithDbAsync(db => db.CallList.AsNoTracking().Where(c => c.Kind == template).ToListAsync());
        Assert.Equal(people.Email.Id, Assert.Single(emails).PersonId);
        Assert.Equal([(people.Line.Id, NoticeChannel.Line), (people.Sms.Id, NoticeChannel.Sms)],
            messages.Select(m => (m.PersonId, m.Channel)).OrderBy(m => m.Channel).ToList());
        // The SMS is the notice's own short text: what happened, the booking number, the resident's page.
        var sms = messages.Single(m => m.Channel == NoticeChannel.Sms).Text;
        Assert.StartsWith(smsStarts, sms);
        var booking = await App.WithDbAsync(db => db.Registrations.Where(r => r.PersonId == people.Sms.Id).Select(r => r.BookingNumber).SingleAsync());
        Assert.Contains($"受付番号{booking}", sms);
        var call = Assert.Single(calls);
        Assert.Equal(people.Calls.Id, call.PersonId);
        Assert.True(call.Urgent);

        await _channels.DispatchAsync();
        Assert.Contains(_channels.Sms.Delivered, sms => sms.Body.Contains(people.Sms.AccessToken));
        Assert.Single(_channels.Line.Pushes);
    }
}
