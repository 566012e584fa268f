using System.Net;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Registrations;

/// <summary>
/// An open activity (a monthly club) is booked by the session, not for the whole year. One app for the class: each test
/// books on a club of its own; a test that moves the clock, or reads the whole dashboard, runs on an app of its own.
/// </summary>
public sealed class BookingBySessionTests(BookingBySessionTests.App shared) : IClassFixture<BookingBySessionTests.App>, IDisposable
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    // Mondays every four weeks from 5 October 2026, 10:00 in Japan: sessions 1–2 are over on 26 November.
    private static readonly DateTime FirstSession = new(2026, 10, 5, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, Tokyo);

    /// <summary>The class's app, on a frozen clock that no test sharing it moves.</summary>
    public sealed class App() : SharedApp(null, new FakeTimeProvider(Now));

    private FakeTimeProvider _time = shared.Time!;
    private TrainingApp _app = shared.App;
    private TrainingApp? _own;

    /// <summary>For a test that moves the clock or sees every course at once: an app and a clock of its own.</summary>
    private void OnAnAppOfItsOwn()
    {
        _time = new FakeTimeProvider(Now);
        _app = _own = new TrainingApp(time: _time);
    }

    public void Dispose() => _own?.Dispose();

    private Task<Course> ClubAsync(int capacity = 20) =>
        _app.WithDbAsync(db => new CourseBuilder().ForActivity("スマホを楽しむ会").WithCapacity(capacity).WithSessions(6, FirstSession).SaveAsync(db));

    private async Task<Person> PersonAsync(string given) => await _app.WithDbAsync(async db =>
    {
        var person = new PersonBuilder().Named("山田", given, "やまだ", "はなこ").WithEmail($"{Guid.NewGuid():N}@example.jp").Build();
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    });

    private async Task<RegistrationResult> BookAsync(int courseId, int personId, int fromSession, bool everyTime)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<RegistrationService>()
            .RegisterAsync(courseId, personId, ContactChannel.Web, choice: new SessionChoice(fromSession, everyTime));
    }

    [Fact]
    public async Task Booking_one_session_lists_only_that_session_on_the_residents_page_and_calendar()
    {
        var club = await ClubAsync();
        var person = await PersonAsync("花子");

        var booked = await BookAsync(club.Id, person.Id, fromSession: 3, everyTime: false);

        Assert.Equal(RegistrationOutcome.Confirmed, booked.Outcome);
        Assert.Equal(BookingSpan.OneSession, booked.Registration!.Span);
        var page = WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync($"/My/{person.AccessToken}"));
        var listed = System.Text.RegularExpressions.Regex.Match(page, "<ul class=\"session-dates\">.*?</ul>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains("11月30日", listed);
        Assert.DoesNotContain("10月5日", listed);   // before the booking
        Assert.DoesNotContain("11月2日", listed);
        Assert.DoesNotContain("12月28日", listed);  // not booked, only offered
        Assert.Contains("この回だけのお申し込みです。", page);
        Assert.Contains("次の回（2026年12月28日（月））も申し込む", page);
        var calendar = Calendar.Load(await _app.CreateClient().GetStringAsync($"/My/{person.AccessToken}/calendar.ics"))!;
        Assert.Single(calendar.Events);
        await _app.OutboxPreparedAsync();
        var mail = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.TemplateName == "registration-confirmed" && e.PersonId == person.Id));
        Assert.Contains("11月30日", mail.TextBody);
        Assert.DoesNotContain("12月28日", mail.TextBody);
    }

    [Fact]
    public async Task Every_month_until_I_stop_covers_the_sessions_from_the_chosen_one_and_none_before()
    {
        var club = await ClubAsync();
        var person = await PersonAsync("花子");

        var booked = await BookAsync(club.Id, person.Id, fromSession: 3, everyTime: true);

        Assert.Equal(BookingSpan.FromSessionOn, booked.Registration!.Span);
        var rosters = await _app.WithDbAsync(async db =>
        {
            var sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == club.Id).OrderBy(s => s.SequenceNumber).ToListAsync();
            var counts = new List<int>();
            foreach (var s in sessions) counts.Add(await Registration.BookedFor(db.Registrations, s).CountAsync());
            return counts;
        });
        Assert.Equal([0, 0, 1, 1, 1, 1], rosters);
        var page = WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync($"/My/{person.AccessToken}"));
        Assert.Contains("第3回から、やめるまで毎回のお申し込みです。", page);
        Assert.DoesNotContain("11月2日", page);
        Assert.Contains("2027年2月22日", page);
    }

    [Fact]
    public async Task Seats_are_counted_per_session_so_a_full_month_does_not_fill_the_others()
    {
        var club = await ClubAsync(capacity: 1);
        var (a, b, c) = (await PersonAsync("一"), await PersonAsync("二"), await PersonAsync("三"));

        var first = await BookAsync(club.Id, a.Id, 3, everyTime: false);
        var otherMonth = await BookAsync(club.Id, b.Id, 4, everyTime: false);
        var sameMonth = await BookAsync(club.Id, c.Id, 3, everyTime: false);

        Assert.Equal(RegistrationOutcome.Confirmed, first.Outcome);
        Assert.Equal(RegistrationOutcome.Confirmed, otherMonth.Outcome);
        Assert.Equal(RegistrationOutcome.Waitlisted, sameMonth.Outcome);
        var schedule = await _app.WithDbAsync(db => new ScheduleQuery(db, _app.Services.GetRequiredService<Training.Time.SiteClock>()).ForCoursesAsync([club.Id]));
        Assert.Equal([1, 1, 0, 0, 1, 1], schedule.OrderBy(s => s.Number).Select(s => s.SeatsLeft));

        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<RegistrationService>().CancelAsync(first.Registration!.Id, "都合が悪くなった");

        var promoted = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.Id == sameMonth.Registration!.Id));
        Assert.Equal(RegistrationStatus.Confirmed, promoted.Status);
    }

    [Fact]
    public async Task Someone_waiting_for_a_free_month_is_promoted_even_when_the_head_of_the_queue_waits_for_a_full_one()
    {
        var club = await ClubAsync(capacity: 1);
        var (a, b, c, d) = (await PersonAsync("一"), await PersonAsync("二"), await PersonAsync("三"), await PersonAsync("四"));
        var december = await BookAsync(club.Id, a.Id, 3, everyTime: false);
        await BookAsync(club.Id, b.Id, 4, everyTime: false);
        var waitingForJanuary = await BookAsync(club.Id, c.Id, 4, everyTime: false);
        var waitingForDecember = await BookAsync(club.Id, d.Id, 3, everyTime: false);

        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<RegistrationService>().CancelAsync(december.Registration!.Id, null);

        var statuses = await _app.WithDbAsync(db => db.Registrations.AsNoTracking()
            .Where(r => r.Id == waitingForJanuary.Registration!.Id || r.Id == waitingForDecember.Registration!.Id)
            .ToDictionaryAsync(r => r.Id, r => r.Status));
        Assert.Equal(RegistrationStatus.Waitlisted, statuses[waitingForJanuary.Registration!.Id]);
        Assert.Equal(RegistrationStatus.Confirmed, statuses[waitingForDecember.Registration!.Id]);
    }

    [Fact]
    public async Task A_one_session_booking_whose_day_is_over_may_be_made_again_for_a_later_session()
    {
        OnAnAppOfItsOwn(); // moves the clock
        var club = await ClubAsync();
        var person = await PersonAsync("花子");
        var first = await BookAsync(club.Id, person.Id, 3, everyTime: false);
        var meanwhile = await BookAsync(club.Id, person.Id, 5, everyTime: false);

        _time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Tokyo));
        var later = await BookAsync(club.Id, person.Id, 5, everyTime: false);

        Assert.Equal(RegistrationOutcome.AlreadyRegistered, meanwhile.Outcome);
        Assert.Equal(RegistrationOutcome.Confirmed, later.Outcome);
        Assert.Equal(first.Registration!.Id, later.Registration!.Id);
        Assert.Equal((5, 5), (later.Registration.FromSession!.Value, later.Registration.UntilSession!.Value));
    }

    [Fact]
    public async Task The_public_form_asks_which_session_and_books_from_it_every_time()
    {
        var club = await ClubAsync();
        var sessionFour = await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == club.Id && s.SequenceNumber == 4).Select(s => s.Id).SingleAsync());
        var client = _app.CreateBrowserLikeClient();

        var form = WebUtility.HtmlDecode(await client.GetStringAsync($"/Courses/{club.Id}/Register"));
        Assert.Contains("data-testid=\"openings\"", form);
        Assert.DoesNotContain("11月2日", form); // over: not offered
        var sent = await Forms.SubmitAsync(client, $"/Courses/{club.Id}/Register?sessionId={sessionFour}", new Dictionary<string, string>
        {
            ["Input.FamilyName"] = "依田", ["Input.GivenName"] = "花子", ["Input.FamilyNameKana"] = "よだ", ["Input.GivenNameKana"] = "はなこ",
            ["Input.Phone"] = "0551-22-1111", ["Input.Consent"] = "true", ["EveryTime"] = "true",
        }, $"/Courses/{club.Id}/Register");

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var stored = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.CourseId == club.Id));
        Assert.Equal((4, (int?)null), (stored.FromSession!.Value, stored.UntilSession));
    }

    [Fact]
    public async Task A_training_course_booked_late_says_which_sessions_were_over_at_the_time()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(4, FirstSession).SaveAsync(db));
        var person = await PersonAsync("花子");
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(course.Id, person.Id, ContactChannel.Phone, "staff-1");

        var page = WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync($"/My/{person.AccessToken}"));

        Assert.Contains("お申し込みの時点で、第1回・第2回はすでに終わっていました。", page);
        Assert.Contains("お申し込みの前に終わった回", page);
    }

    [Fact]
    public async Task A_second_sign_up_tells_the_person_at_their_email_that_they_are_already_booked()
    {
        var club = await ClubAsync();
        var client = _app.CreateBrowserLikeClient();
        var fields = new Dictionary<string, string>
        {
            ["Input.FamilyName"] = "深沢", ["Input.GivenName"] = "花子", ["Input.FamilyNameKana"] = "ふかさわ", ["Input.GivenNameKana"] = "はなこ",
            ["Input.Email"] = "hanako@example.jp", ["Input.Consent"] = "true",
        };
        await Forms.SubmitAsync(client, $"/Courses/{club.Id}/Register", fields);
        var again = await Forms.SubmitAsync(client, $"/Courses/{club.Id}/Register", fields);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode); // the same neutral answer to whoever typed it
        await _app.OutboxPreparedAsync();
        var mails = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().Where(e => e.ToAddress == "hanako@example.jp").OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(2, mails.Count);
        Assert.Contains("すでにお申し込み済みです", mails[1].Subject);
        Assert.Contains("受付番号", mails[1].TextBody);
        Assert.DoesNotContain("すでにお申し込み済み", mails[0].Subject);
    }

    [Fact]
    public async Task Cancelling_a_club_tells_only_those_booked_for_a_session_still_to_come()
    {
        OnAnAppOfItsOwn(); // moves the clock
        var club = await ClubAsync();
        var (past, ongoing) = (await PersonAsync("一"), await PersonAsync("二"));
        await BookAsync(club.Id, past.Id, 3, everyTime: false);
        await BookAsync(club.Id, ongoing.Id, 3, everyTime: true);
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 10, 0, 0, Tokyo)); // session 3 (30 November) is over

        await using var scope = _app.Scope();
        var changes = scope.ServiceProvider.GetRequiredService<CourseChanges>();
        var asked = await changes.CancellationAudienceAsync(club.Id);
        var told = await changes.CancelAsync(club.Id, "会場の改修のため", new Actor(null, "test", null));

        Assert.Equal(1, asked.ByEmail);
        Assert.Equal(1, told!.ByEmail);
        var notice = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().SingleAsync(e => e.TemplateName == "course-cancelled"));
        Assert.Equal(ongoing.Id, notice.PersonId);
        Assert.DoesNotContain("11月30日", notice.TextBody);
        Assert.Contains("12月28日", notice.TextBody);
    }

    [Fact]
    public async Task A_resident_booked_every_time_stops_from_a_chosen_day_keeping_the_days_before_and_the_next_in_line_gets_the_seat()
    {
        var club = await ClubAsync(capacity: 1);
        var regular = await PersonAsync("花子");
        var waiting = await PersonAsync("次郎");
        var every = await BookAsync(club.Id, regular.Id, 3, everyTime: true);
        var queued = await BookAsync(club.Id, waiting.Id, 5, everyTime: false);
        Assert.Equal(RegistrationOutcome.Waitlisted, queued.Outcome);
        var page = $"/My/{regular.AccessToken}";
        var client = _app.CreateBrowserLikeClient();
        var shown = WebUtility.HtmlDecode(await client.GetStringAsync(page));
        Assert.Contains("data-testid=\"stop-from\"", shown);

        var stop = await Forms.PostAsync(client, page, new Dictionary<string, string> { ["registrationId"] = $"{every.Registration!.Id}", ["firstDropped"] = "5" },
            $"{page}?handler=Stop");

        Assert.Equal(HttpStatusCode.Redirect, stop.StatusCode);
        var (kept, promoted) = await _app.WithDbAsync(async db => (
            await db.Registrations.AsNoTracking().SingleAsync(r => r.Id == every.Registration.Id),
            await db.Registrations.AsNoTracking().SingleAsync(r => r.Id == queued.Registration!.Id)));
        Assert.Equal((RegistrationStatus.Confirmed, 3, (int?)4), (kept.Status, kept.FromSession!.Value, kept.UntilSession));
        Assert.Equal(RegistrationStatus.Confirmed, promoted.Status);
        var after = WebUtility.HtmlDecode(await client.GetStringAsync(page));
        Assert.Contains("第3回から第4回までのお申し込みです。", after);
    }

    [Fact]
    public async Task The_dashboard_counts_for_each_club_date_only_the_bookings_that_cover_it()
    {
        OnAnAppOfItsOwn(); // the dashboard lists the next ten sessions of every course
        var club = await ClubAsync();
        var person = await PersonAsync("花子");
        await BookAsync(club.Id, person.Id, 4, everyTime: false); // 28 Dec only
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var dashboard = WebUtility.HtmlDecode(await admin.GetStringAsync("/Staff"));

        string Row(string number) { var at = dashboard.IndexOf($"第{number}回</span>", StringComparison.Ordinal); return dashboard[at..dashboard.IndexOf("</tr>", at, StringComparison.Ordinal)]; }
        Assert.Contains("0 / 20", Row("3"));
        Assert.Contains("1 / 20", Row("4"));
    }

    [Fact]
    public void Stopping_from_the_first_booked_day_or_after_the_last_is_refused_by_the_booking()
    {
        var every = new RegistrationBuilder().For(1).Of(1).FromSession(3).Build();
        var ended = new RegistrationBuilder().For(1).Of(1).FromSession(3).UntilSession(4).Build();

        Assert.False(every.StopFrom(3));
        Assert.False(ended.StopFrom(5));
        Assert.True(every.StopFrom(6));
        Assert.Equal(5, every.UntilSession);
        Assert.Equal(BookingSpan.FromUntil, every.Span);
    }

    [Fact]
    public async Task A_resident_extends_a_one_session_booking_to_the_next_and_then_to_every_session_from_their_page()
    {
        OnAnAppOfItsOwn(); // moves the clock
        var club = await ClubAsync();
        var person = await PersonAsync("花子");
        var booked = await BookAsync(club.Id, person.Id, 3, everyTime: false);
        var client = _app.CreateBrowserLikeClient();
        var page = $"/My/{person.AccessToken}";

        var next = await Forms.PostAsync(client, page, new Dictionary<string, string> { ["registrationId"] = $"{booked.Registration!.Id}", ["everyTime"] = "false" },
            $"{page}?handler=Extend");
        var afterNext = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync());
        _time.Advance(TimeSpan.FromMinutes(5));
        var every = await Forms.PostAsync(client, page, new Dictionary<string, string> { ["registrationId"] = $"{booked.Registration.Id}", ["everyTime"] = "true" },
            $"{page}?handler=Extend");
        var afterEvery = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync());

        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal((3, (int?)4), (afterNext.FromSession!.Value, afterNext.UntilSession));
        Assert.Equal(HttpStatusCode.Redirect, every.StatusCode);
        Assert.Equal((3, (int?)null), (afterEvery.FromSession!.Value, afterEvery.UntilSession));
        var shown = WebUtility.HtmlDecode(await client.GetStringAsync(page));
        Assert.Contains("第3回から、やめるまで毎回のお申し込みです。", shown);
        Assert.Equal(2, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "registration-confirmed" && e.IdempotencyKey.Contains("extended"))));
    }

    [Fact]
    public async Task Extending_to_a_full_session_is_refused_and_changes_nothing()
    {
        var club = await ClubAsync(capacity: 1);
        var (a, b) = (await PersonAsync("一"), await PersonAsync("二"));
        var booked = await BookAsync(club.Id, a.Id, 3, everyTime: false);
        await BookAsync(club.Id, b.Id, 4, everyTime: false);

        await using var scope = _app.Scope();
        var outcome = await scope.ServiceProvider.GetRequiredService<RegistrationService>().ExtendAsync(booked.Registration!.Id, everyTime: false);

        Assert.Equal(RegistrationOutcome.SessionFull, outcome);
        var stored = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.Id == booked.Registration.Id));
        Assert.Equal((3, (int?)3), (stored.FromSession!.Value, stored.UntilSession));
    }
}
