using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.Notifications.Line;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>
/// Session reminders by each resident's chosen channel (issue 30): email, LINE and SMS on the email days, a coordinator's
/// call on the call days. As in <see cref="SessionRemindersTests"/>: the first session is Wed 9 Dec 2026 10:00 in Tokyo,
/// emails 3 and 1 days before from 09:00, calls 1 day before; LINE and SMS go to loopback providers.
/// </summary>
public sealed class ReminderChannelsTests : IAsyncLifetime
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Tokyo));
    private LoopbackSmsProvider _sms = null!;
    private LoopbackLineApi _line = null!;
    private TrainingApp _app = null!;
    private WebApplicationFactory<Program> _factory = null!;
    private Course _course = null!;

    public async Task InitializeAsync()
    {
        _sms = await LoopbackSmsProvider.StartAsync();
        _line = await LoopbackLineApi.StartAsync();
        var settings = _sms.Settings();
        foreach (var (key, value) in _line.Settings()) settings[key] = value;
        _app = new TrainingApp(settings, _time);
        _factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddHttpClient(HttpSmsSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(_sms.TrustingHandler)));
        _course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
        await _sms.DisposeAsync();
        await _line.DisposeAsync();
    }

    private void At(int day, int hour) => _time.SetUtcNow(new DateTimeOffset(2026, 12, day, hour, 0, 0, Tokyo));

    [Fact]
    public async Task Four_residents_get_one_reminder_each_by_the_channel_they_chose_and_a_second_sweep_adds_nothing()
    {
        var byEmail = await RegisteredAsync("山田", "花子", "hanako@example.jp", null);
        var byLine = await RegisteredAsync("佐藤", "一郎", "ichiro@example.jp", null);
        var lineUser = await LinkLineAsync(byLine.Id);
        var bySms = await RegisteredAsync("鈴木", "春江", null, "090-1234-5678");
        await ChooseAsync(bySms.Id, NoticeChannel.Sms);
        var byCall = await RegisteredAsync("田中", "進", "susumu@example.jp", "0551-22-1234");
        await ChooseAsync(byCall.Id, NoticeChannel.CallList);

        At(8, 10);
        var first = await SweepAsync();
        var dispatched = await DispatchChannelsAsync();
        var second = await SweepAsync();

        Assert.Equal((1, 2, 1), (first.Emails, first.Messages, first.Calls));
        Assert.Equal((0, 0, 0), (second.Emails, second.Messages, second.Calls));
        Assert.Equal(2, dispatched.Sent);
        var email = Assert.Single(await _app.WithDbAsync(db => db.OutboundEmails.ToListAsync()));
        Assert.Equal((byEmail.Id, "session-reminder"), (email.PersonId, email.TemplateName));
        var push = Assert.Single(_line.Pushes);
        Assert.Equal(lineUser, push.To);
        Assert.Contains("明日は", string.Concat(push.Texts));
        // No attachment on LINE: the text does not point to one; the link to stop reminders is there as in the email.
        Assert.Contains("受付でお名前と受付番号をお伝えください。", string.Concat(push.Texts));
        Assert.DoesNotContain("checkin-qr.png", string.Concat(push.Texts));
        Assert.Contains("/Unsubscribe/", string.Concat(push.Texts));
        var sms = Assert.Single(_sms.Delivered);
        Assert.Contains("+819012345678", sms.Body);
        var smsRow = await _app.WithDbAsync(db => db.OutboundMessages.SingleAsync(m => m.PersonId == bySms.Id));
        Assert.Equal((EmailCategory.Reminder, "session-reminder"), (smsRow.Category, smsRow.TemplateName));
        Assert.NotNull(smsRow.SessionId);
        Assert.StartsWith("生活支援サポ", smsRow.Text);
        Assert.Contains("\n明日・第1回 2026年12月9日（水）10:00〜12:00 ", smsRow.Text);
        Assert.Contains(bySms.AccessToken, smsRow.Text);
        var call = Assert.Single(await _app.WithDbAsync(db => db.CallList.ToListAsync()));
        Assert.Equal(byCall.Id, call.PersonId);
    }

    [Fact]
    public async Task Someone_who_said_no_to_reminders_gets_none_on_any_channel()
    {
        var person = await RegisteredAsync("鈴木", "春江", null, "090-1234-5678");
        await ChooseAsync(person.Id, NoticeChannel.Sms);
        var caller = await RegisteredAsync("田中", "進", "susumu@example.jp", null);
        await ChooseAsync(caller.Id, NoticeChannel.CallList);
        await using (var scope = _factory.Services.CreateAsyncScope())
            foreach (var id in new[] { person.Id, caller.Id })
                await scope.ServiceProvider.GetRequiredService<EmailPreferences>().SetAsync(id, EmailCategory.Reminder, false, ContactChannel.Web);

        At(8, 10);
        var result = await SweepAsync();

        Assert.Equal((0, 0, 0), (result.Emails, result.Messages, result.Calls));
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundMessages.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.CallList.CountAsync()));
        Assert.Empty(await UpcomingCallsAsync(7));
    }

    [Fact]
    public async Task A_reminder_sent_by_email_is_not_sent_again_by_SMS_after_the_resident_switched()
    {
        var person = await RegisteredAsync("鈴木", "春江", "harue@example.jp", "090-1234-5678");
        At(8, 10);
        await SweepAsync();

        await ChooseAsync(person.Id, NoticeChannel.Sms);
        var again = await SweepAsync();

        Assert.Equal((0, 0), (again.Emails, again.Messages));
        Assert.Equal(1, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundMessages.CountAsync()));
    }

    [Fact]
    public async Task The_days_ahead_list_and_the_dashboard_count_who_chose_calls_and_not_who_chose_SMS()
    {
        var byCall = await RegisteredAsync("田中", "進", "susumu@example.jp", "0551-22-1234");
        await ChooseAsync(byCall.Id, NoticeChannel.CallList);
        var bySms = await RegisteredAsync("鈴木", "春江", null, "090-1234-5678");
        await ChooseAsync(bySms.Id, NoticeChannel.Sms);
        var neverAsked = await RegisteredAsync("山田", "花子", null, "0551-22-9999");
        var sessionId = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == _course.Id).OrderBy(s => s.StartsAt).Select(s => s.Id).FirstAsync());

        At(6, 10);
        var upcoming = await UpcomingCallsAsync(7);
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var dashboard = await admin.GetStringAsync("/Staff");

        Assert.Equal([byCall.Id, neverAsked.Id], upcoming.Select(c => c.Person.Id).Order().ToArray());
        Assert.All(upcoming, c => Assert.Equal(sessionId, c.SessionId));
        // The dashboard's last column, 電話連絡: the two phoned, not the one without email who chose SMS.
        Assert.Matches("<td class=\"num\">2</td>\\s*</tr>", dashboard);
    }

    [Fact]
    public async Task The_bulk_route_agrees_with_the_route_of_each_person()
    {
        var people = new List<Person>
        {
            await PersonAsync("A", "a@example.jp", null),
            await PersonAsync("B", null, "0551-22-1111"),
            await PersonAsync("C", "c@example.jp", "090-1111-2222"),
            await PersonAsync("D", null, "080-3333-4444"),
            await PersonAsync("E", "e@example.jp", null),
            await PersonAsync("F", "f@example.jp", null),
            await PersonAsync("G", null, "0551-22-3333"),
        };
        await ChooseAsync(people[2].Id, NoticeChannel.Sms);
        await ChooseAsync(people[3].Id, NoticeChannel.Sms);
        await LinkLineAsync(people[4].Id);
        await LinkLineAsync(people[5].Id);
        await using (var scope = _factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<LineLinks>().UnlinkAsync(people[5].Id, Actor.Resident);
        await ChooseAsync(people[6].Id, NoticeChannel.CallList);
        await _app.WithDbAsync(async db =>
        {
            // Chose SMS on a mobile, then the number on record became a landline: the choice stands, the route falls back.
            db.Consents.Add(Consent.Record(people[1].Id, ConsentPurpose.NoticesBySms, true, "SMS", TestClock.UtcNow, ContactChannel.Phone));
            await db.SaveChangesAsync();
        });

        await using var routing = _factory.Services.CreateAsyncScope();
        var router = routing.ServiceProvider.GetRequiredService<NoticeRouter>();
        var stored = await routing.ServiceProvider.GetRequiredService<Training.Data.TrainingDbContext>().People.AsNoTracking()
            .Where(p => people.Select(x => x.Id).Contains(p.Id)).ToListAsync();
        var many = await router.RouteManyAsync(stored);
        var one = new Dictionary<int, RoutedNotice>();
        foreach (var person in stored) one[person.Id] = await router.RouteAsync(person);

        Assert.Equal(one.OrderBy(r => r.Key), many.OrderBy(r => r.Key));
        Assert.Equal([NoticeChannel.Email, NoticeChannel.CallList, NoticeChannel.Sms, NoticeChannel.Sms, NoticeChannel.Line, NoticeChannel.Email, NoticeChannel.CallList],
            people.Select(p => many[p.Id].Channel).ToArray());
        Assert.Equal(NoticeFallback.NoMobileNumber, many[people[1].Id].Route.Fallback);
    }

    private async Task<Person> PersonAsync(string given, string? email, string? phone)
    {
        var person = new PersonBuilder().Named("山田", given, "やまだ", "はなこ").WithEmail(email).WithPhone(phone).Build();
        await _app.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
        return person;
    }

    private async Task<Person> RegisteredAsync(string family, string given, string? email, string? phone)
    {
        var person = new PersonBuilder().Named(family, given, "かな", "かな").WithEmail(email).WithPhone(phone).Build();
        await _app.WithDbAsync(async db =>
        {
            db.People.Add(person);
            db.Registrations.Add(new RegistrationBuilder().For(_course.Id).Of(person).RegisteredAt(TestClock.UtcNow).Build());
            await db.SaveChangesAsync();
        });
        return person;
    }

    private async Task ChooseAsync(int personId, NoticeChannel channel)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.Equal(NoticeChoiceOutcome.Saved, await scope.ServiceProvider.GetRequiredService<NoticeRouter>().ChooseAsync(personId, channel, ContactChannel.Web));
    }

    private Task<string> LinkLineAsync(int personId) => LoopbackLineApi.LinkNewAccountAsync(_factory.Services, personId);

    private async Task<ReminderSweepResult> SweepAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SessionReminders>().SweepAsync();
    }

    private async Task<List<UpcomingCall>> UpcomingCallsAsync(int days)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var today = DateOnly.FromDateTime(_time.GetUtcNow().ToOffset(Tokyo).DateTime);
        return await scope.ServiceProvider.GetRequiredService<SessionReminders>().UpcomingCallsAsync(today, today.AddDays(days));
    }

    private async Task<ChannelDispatchResult> DispatchChannelsAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChannelDispatcher>().DispatchAsync();
    }
}
