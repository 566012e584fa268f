using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Courses;

/// <summary>A coordinator adds one session on a chosen day beside the monthly dates: through the page, the real app and a real database.</summary>
/// <remarks>
/// One app for the class on a clock frozen on 2026-11-26 (never moved): each test adds to its own run and reads back
/// its own sessions, bookings, attendance, completions and audit entries.
/// </remarks>
public sealed class ExtraSessionTests(ExtraSessionTests.App shared) : IClassFixture<ExtraSessionTests.App>
{
    // 2026-11-26 10:00 in Tokyo. The builder's runs meet on 12/9, 1/6 and 2/3 at 10:00–12:00.
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;
    private readonly FakeTimeProvider _time = shared.Time!;

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    private static Dictionary<string, string> OneSession(string date, string start = "10:00", string end = "12:00", string venue = "", string topic = "") => new()
    {
        ["Extra.Date"] = date, ["Extra.Start"] = start, ["Extra.End"] = end, ["Extra.Venue"] = venue, ["Extra.Topic"] = topic, ["Extra.Instructor"] = "",
    };

    private Task<HttpResponseMessage> AddAsync(HttpClient client, int courseId, Dictionary<string, string> fields) =>
        Forms.PostAsync(client, $"/Staff/Courses/{courseId}/Sessions", fields, $"/Staff/Courses/{courseId}/Sessions?handler=Add");

    private async Task<Person> BookAsync(int courseId, string family, string kana, int? from = null, int? until = null)
    {
        return await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named(family, "花子", kana, "はなこ").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(courseId).Of(person.Id).RegisteredAt(_time.GetUtcNow().UtcDateTime).Via(ContactChannel.Phone).FromSession(from).UntilSession(until).Build());
            await db.SaveChangesAsync();
            return person;
        });
    }

    [Fact]
    public async Task A_session_added_between_two_takes_its_number_in_date_order_and_everyone_booked_on_the_whole_course_is_on_it()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var resident = await BookAsync(course.Id, "望月", "もちづき");
        var client = await AdminAsync();
        var scheduleBefore = System.Net.WebUtility.HtmlDecode(SchedulePage.CardsOf(await _app.CreateClient().GetStringAsync("/Schedule?month=2026-12"), course.Id));
        Assert.Contains("12月9日", scheduleBefore);
        Assert.DoesNotContain("12月16日", scheduleBefore);

        var response = await AddAsync(client, course.Id, OneSession("2026-12-16", "13:30", "15:00", topic: "補講：認知症の方との接し方"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/Staff/Courses/{course.Id}/Sessions"));
        Assert.Contains("2026年12月16日（水）（13:30〜15:00）を第2回として加えました。", page);
        Assert.Contains("これまでの第2回は第3回です", page);
        var sessions = await _app.WithDbAsync(db => db.Sessions.AsNoTracking().Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).ToListAsync());
        Assert.Equal([1, 2, 3, 4], sessions.Select(s => s.SequenceNumber));
        var added = sessions[1];
        Assert.Equal(new DateTime(2026, 12, 16, 4, 30, 0), DateTime.SpecifyKind(added.StartsAt, DateTimeKind.Unspecified));
        // Left empty, the place is the course's and follows it.
        Assert.Equal("", added.Venue);
        Assert.Equal("補講：認知症の方との接し方", added.Topic);

        // Booked on the whole course, so on the new session's roster and on their own page.
        var roster = await client.GetStringAsync($"/Staff/Sessions/{added.Id}/Roster");
        Assert.Contains("望月 花子", roster);
        var myPage = System.Net.WebUtility.HtmlDecode(await _app.CreateClient().GetStringAsync($"/My/{resident.AccessToken}"));
        Assert.Matches("第2回</span>　<span class=\"nowrap\">2026年</span><wbr><span class=\"nowrap\">12月16日", myPage);

        // The public schedule's cached page moved on.
        Assert.Contains("12月16日", System.Net.WebUtility.HtmlDecode(SchedulePage.CardsOf(await _app.CreateClient().GetStringAsync("/Schedule?month=2026-12"), course.Id)));

        var audit = await _app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "session-add" && a.CourseId == course.Id));
        Assert.Contains("第2回", audit.TargetLabel);
        Assert.Contains("生活支援サポーター養成講座", audit.TargetLabel);
        Assert.Contains("13:30", audit.Details);
        Assert.Contains("繰り下げ", audit.Details);
    }

    [Fact]
    public async Task Bookings_of_an_activity_by_the_session_keep_their_days_and_every_time_bookings_gain_the_new_one()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().ForActivity("スマホを楽しむ会").SaveAsync(db));
        var januaryOnly = await BookAsync(course.Id, "浅川", "あさかわ", from: 2, until: 2);
        var everyTime = await BookAsync(course.Id, "小林", "こばやし", from: 1);
        var client = await AdminAsync();

        await AddAsync(client, course.Id, OneSession("2026-12-23"));

        var bookings = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.CourseId == course.Id).ToDictionaryAsync(r => r.PersonId));
        var sessions = await _app.WithDbAsync(db => db.Sessions.AsNoTracking().Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).ToListAsync());
        var january = sessions.Single(s => s.StartsAt.Month == 1);
        var added = sessions.Single(s => s.StartsAt.Day == 23);
        Assert.Equal(3, january.SequenceNumber);
        Assert.True(bookings[januaryOnly.Id].Covers(january));
        Assert.False(bookings[januaryOnly.Id].Covers(added));
        Assert.True(bookings[everyTime.Id].Covers(added));
        Assert.Equal(BookingSpan.OneSession, bookings[januaryOnly.Id].Span);
    }

    [Theory]
    [InlineData("2026-11-26", "09:00", "10:00", "過ぎた日時には加えられません。")]
    [InlineData("2026-11-20", "10:00", "12:00", "過ぎた日時には加えられません。")]
    [InlineData("2026-12-16", "12:00", "10:00", "終了時刻は開始時刻より後にしてください。")]
    [InlineData("2026-12-09", "11:00", "13:00", "第1回（2026年12月9日（水） 10:00〜12:00）と時間が重なります。")]
    [InlineData("", "10:00", "12:00", "日付を入力してください。")]
    public async Task A_bad_day_or_time_is_refused_with_the_reason_and_nothing_changes(string date, string start, string end, string message)
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var client = await AdminAsync();

        var response = await AddAsync(client, course.Id, OneSession(date, start, end));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, html);
        // What was typed stays in the form.
        Assert.Contains($"value=\"{start}\"", html);
        Assert.Equal([1, 2, 3], await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).Select(s => s.SequenceNumber).ToListAsync()));
        Assert.False(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "session-add" && a.CourseId == course.Id)));
    }

    [Fact]
    public async Task A_session_before_one_whose_number_a_make_up_already_stands_on_is_refused_with_the_reason()
    {
        // Two runs of one program: a participant of the first made up its third session in advance at the second run.
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var resident = await BookAsync(course.Id, "深澤", "ふかさわ");
        await _app.WithDbAsync(async db =>
        {
            var registration = await db.Registrations.SingleAsync(r => r.CourseId == course.Id && r.PersonId == resident.Id);
            // Its third session (第3回) on 11/20, after two not attended.
            var other = await new CourseBuilder().Of(course.ProgramId, course.OrganisationId).Titled("令和8年度 第0期").WithCapacity(10).AtVenue("穂坂公民館")
                .WithSessions(3, new DateTime(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc).AddDays(-56)).SaveAsync(db);
            var third = other.Sessions[2];
            db.Attendance.Add(new AttendanceRecord
            {
                SessionId = third.Id, PersonId = resident.Id, RegistrationId = registration.Id, IsMakeUp = true,
                Status = AttendanceStatus.Present, Source = AttendanceSource.Tablet, RecordedAt = third.EndsAt,
            });
            await db.SaveChangesAsync();
        });
        var client = await AdminAsync();

        var response = await AddAsync(client, course.Id, OneSession("2027-01-20"));

        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("第3回（2027年2月3日（水））には出欠や振替の記録があります。", html);
        Assert.Equal([1, 2, 3], await _app.WithDbAsync(db => db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.StartsAt).Select(s => s.SequenceNumber).ToListAsync()));

        // After it, the numbers stand as they are: the session is added.
        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(client, course.Id, OneSession("2027-02-17"))).StatusCode);
    }

    [Fact]
    public async Task A_day_told_as_missed_ahead_does_not_stop_the_sessions_moving_down()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        var resident = await BookAsync(course.Id, "保坂", "ほさか");
        var third = await _app.WithDbAsync(db => db.Sessions.SingleAsync(s => s.CourseId == course.Id && s.SequenceNumber == 3));
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<AttendanceService>().ExcuseAsync(third.Id, resident.Id, AttendanceSource.ResidentNotice, null);
        var client = await AdminAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await AddAsync(client, course.Id, OneSession("2027-01-20"))).StatusCode);

        // The notice stays with its day, now 第4回.
        var excused = await _app.WithDbAsync(db => db.Attendance.Include(a => a.Session).SingleAsync(a => a.PersonId == resident.Id));
        Assert.Equal(4, excused.Session!.SequenceNumber);
    }

    [Fact]
    public async Task A_coordinator_of_another_district_cannot_add_a_session()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db));
        await StaffSignInClient.CreateCoordinatorAsync(_app, "hosaka@test.example.jp", "Coordinator-Passw0rd");
        await _app.WithDbAsync(async db =>
        {
            var other = new Training.Organisations.Area { Code = "hosaka", Name = "穂坂地区", NameKana = "ほさかちく" };
            db.Areas.Add(other);
            await db.SaveChangesAsync();
            var user = await db.Users.SingleAsync(u => u.Email == "hosaka@test.example.jp");
            db.StaffUserAreas.Add(new Training.Staff.StaffUserArea { StaffUserId = user.Id, AreaId = other.Id });
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, "hosaka@test.example.jp", "Coordinator-Passw0rd");
        var admin = await AdminAsync();
        var page = await admin.GetStringAsync($"/Staff/Courses/{course.Id}/Sessions");
        // The coordinator's own form token, on a page they may open.
        var token = StaffSignInClient.AntiforgeryToken(await client.GetStringAsync("/Staff/People"));

        var response = await client.PostAsync($"/Staff/Courses/{course.Id}/Sessions?handler=Add",
            new FormUrlEncodedContent(new Dictionary<string, string>(OneSession("2026-12-16")) { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
        Assert.Equal(3, await _app.WithDbAsync(db => db.Sessions.CountAsync(s => s.CourseId == course.Id)));
        Assert.Contains("1回だけ加える", page);
    }

    [Fact]
    public async Task A_session_that_would_leave_someone_short_of_the_completion_rule_names_them_first_then_their_completion_is_withdrawn()
    {
        // 60 % of 3 sessions is 2: she attended the two held so far and completed. Of 4 sessions, 3 would be needed.
        var course = await _app.WithDbAsync(db => new CourseBuilder().CompletedBy(Training.Courses.CompletionRuleKind.MinimumPercent, 60)
            .WithSessions(3, new DateTime(2026, 10, 20, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db));
        var resident = await BookAsync(course.Id, "雨宮", "あめみや");
        await _app.WithDbAsync(async db =>
        {
            var registration = await db.Registrations.SingleAsync(r => r.CourseId == course.Id);
            foreach (var held in await db.Sessions.Where(s => s.CourseId == course.Id && s.StartsAt < _time.GetUtcNow().UtcDateTime).ToListAsync())
                db.Attendance.Add(new AttendanceRecord
                {
                    SessionId = held.Id, PersonId = resident.Id, RegistrationId = registration.Id, Status = AttendanceStatus.Present,
                    Source = AttendanceSource.Tablet, RecordedAt = held.EndsAt,
                });
            await db.SaveChangesAsync();
        });
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<CompletionService>().DeriveCourseAsync(course.Id);
        Assert.Equal(CompletionStatus.Completed, await _app.WithDbAsync(db => db.Completions.Where(c => c.CourseId == course.Id).Select(c => c.Status).SingleAsync()));
        var client = await AdminAsync();

        var asked = await AddAsync(client, course.Id, OneSession("2027-01-12"));

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("この回を加えると、1人が修了のきまりを満たさなくなります", html);
        Assert.Contains($"href=\"/Staff/People/{resident.Id}\">雨宮 花子</a>", html);
        Assert.Equal(3, await _app.WithDbAsync(db => db.Sessions.CountAsync(s => s.CourseId == course.Id)));
        Assert.Equal(CompletionStatus.Completed, await _app.WithDbAsync(db => db.Completions.Where(c => c.CourseId == course.Id).Select(c => c.Status).SingleAsync()));

        var confirmed = await Forms.SubmitAsync(client, html, $"/Staff/Courses/{course.Id}/Sessions?handler=Add", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(4, await _app.WithDbAsync(db => db.Sessions.CountAsync(s => s.CourseId == course.Id)));
        Assert.Equal(CompletionStatus.Withdrawn, await _app.WithDbAsync(db => db.Completions.Where(c => c.CourseId == course.Id).Select(c => c.Status).SingleAsync()));
    }
}
