using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <summary>Attendance is credited only where it can be true, and nobody books what they can no longer do.</summary>
/// <remarks>
/// One app for the class, on a clock no test of it moves; each test has a course and people of its own and asserts on
/// their rows. The test that walks the clock through a morning keeps an app of its own.
/// </remarks>
public sealed class AttendanceTruthTests(AttendanceTruthTests.App shared) : IClassFixture<AttendanceTruthTests.App>
{
    private static readonly DateTime FirstSession = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc); // Wed 9 Dec 10:00 Tokyo

    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 12, 9, 4, 0, 0, TimeSpan.Zero))); // 13:00 the same day

    private readonly TrainingApp _app = shared.App;
    private readonly FakeTimeProvider _time = shared.Time!;

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    /// <summary>Hanako booked in November; Jiro booked today after the first session ended (by default; each test's people are its own).</summary>
    private async Task<(int CourseId, int SessionId, Person Early, Person Late)> FirstSessionWithALateBookingAsync(
        (string Family, string Given, string FamilyKana, string GivenKana)? earlyName = null,
        (string Family, string Given, string FamilyKana, string GivenKana, string Phone)? lateName = null) => await _app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().WithSessions(3, FirstSession).SaveAsync(db);
        var e = earlyName ?? ("青木", "花子", "あおき", "はなこ");
        var l = lateName ?? ("井上", "次郎", "いのうえ", "じろう", "0551-22-1234");
        var early = new PersonBuilder().Named(e.Family, e.Given, e.FamilyKana, e.GivenKana).Build();
        var late = new PersonBuilder().Named(l.Family, l.Given, l.FamilyKana, l.GivenKana).WithPhone(l.Phone).Build();
        db.People.AddRange(early, late);
        await db.SaveChangesAsync();
        db.Registrations.AddRange(
            new RegistrationBuilder().For(course.Id).Of(early.Id).RegisteredAt(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc)).Build(),
            new RegistrationBuilder().For(course.Id).Of(late.Id).RegisteredAt(_time.GetUtcNow().UtcDateTime).Build());
        await db.SaveChangesAsync();
        return (course.Id, course.Sessions.OrderBy(s => s.StartsAt).First().Id, early, late);
    });

    [Fact]
    public async Task Marks_are_taken_from_half_an_hour_before_the_start_never_earlier_on_the_day()
    {
        // 02:24 on the day of a 10:00 session.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 17, 24, 0, TimeSpan.Zero));
        using var app = new TrainingApp(time: time);
        var (sessionId, personId) = await app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(1, FirstSession).SaveAsync(db);
            var person = new PersonBuilder().Named("青木", "花子", "あおき", "はなこ").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person.Id).RegisteredAt(new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc)).Build());
            await db.SaveChangesAsync();
            return (course.Sessions.Single().Id, person.Id);
        });
        async Task<AttendanceOutcome> MarkAtAsync(DateTimeOffset at)
        {
            time.SetUtcNow(at);
            await using var scope = app.Scope();
            return (await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<AttendanceService>(scope.ServiceProvider)
                .RecordAsync(sessionId, personId, AttendanceStatus.Present, null, "staff", AttendanceSource.Tablet)).Outcome;
        }
        var admin = await StaffSignInClient.SignedInClientAsync(app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var atNight = await MarkAtAsync(time.GetUtcNow());
        var roster = await admin.GetStringAsync($"/Staff/Sessions/{sessionId}/Roster");
        var justBefore = await MarkAtAsync(FirstSession.AddMinutes(-31));
        var asPeopleArrive = await MarkAtAsync(FirstSession.AddMinutes(-30));

        Assert.Equal(AttendanceOutcome.FutureSession, atNight);
        Assert.Contains("data-testid=\"marks-not-open\"", roster);
        Assert.Equal(AttendanceOutcome.FutureSession, justBefore);
        Assert.Equal(AttendanceOutcome.Saved, asPeopleArrive);
        Assert.Equal(1, await app.WithDbAsync(db => db.Attendance.CountAsync()));
    }

    [Fact]
    public async Task Someone_who_booked_after_a_session_is_on_its_roster_and_sheet_as_booked_after_and_marking_the_rest_present_cannot_credit_them()
    {
        var (courseId, sessionId, early, late) = await FirstSessionWithALateBookingAsync();
        var admin = await AdminAsync();
        var roster = $"/Staff/Sessions/{sessionId}/Roster";

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(roster));
        Assert.Contains(early.FullName, page);
        var lateRow = page[page.IndexOf($"id=\"person-{late.Id}\"", StringComparison.Ordinal)..];
        Assert.Contains("開催後に登録", lateRow[..lateRow.IndexOf("</li>", StringComparison.Ordinal)]);
        using (var sheet = UglyToad.PdfPig.PdfDocument.Open(await admin.GetByteArrayAsync($"/Staff/Sessions/{sessionId}/SignInSheet")))
            Assert.Contains("井上", string.Concat(sheet.GetPages().SelectMany(p => p.Letters).Select(l => l.Value)));

        // The bulk mark first says how many, and whom; nothing is recorded yet.
        var asked = await Forms.PostAsync(admin, roster, new Dictionary<string, string>(), $"{roster}?handler=Everyone");
        var question = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("まだ記録のない1人を「出席」にします", question);
        Assert.Contains(early.FullName, question[question.IndexOf("confirm-everyone", StringComparison.Ordinal)..]);
        Assert.False(await _app.WithDbAsync(db => db.Attendance.AnyAsync(a => a.Session!.CourseId == courseId || a.PersonId == early.Id || a.PersonId == late.Id)));

        var done = await Forms.PostAsync(admin, roster, new Dictionary<string, string> { ["Confirmed"] = "true" }, $"{roster}?handler=Everyone");

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var marked = await _app.WithDbAsync(db => db.Attendance
            .Where(a => a.Session!.CourseId == courseId || a.PersonId == early.Id || a.PersonId == late.Id).Select(a => a.PersonId).ToListAsync());
        Assert.Equal([early.Id], marked);
    }

    [Fact]
    public async Task A_late_booking_can_still_be_added_at_the_door_on_purpose()
    {
        var (_, sessionId, _, late) = await FirstSessionWithALateBookingAsync(("石川", "春子", "いしかわ", "はるこ"), ("上野", "三郎", "うえの", "さぶろう", "0551-22-5678"));
        var admin = await AdminAsync();
        var roster = $"/Staff/Sessions/{sessionId}/Roster";

        await Forms.PostAsync(admin, roster, new Dictionary<string, string>
        {
            ["WalkIn.FamilyName"] = late.FamilyName, ["WalkIn.GivenName"] = late.GivenName, ["WalkIn.FamilyNameKana"] = late.FamilyNameKana,
            ["WalkIn.GivenNameKana"] = late.GivenNameKana, ["WalkIn.Phone"] = late.Phone!,
        }, $"{roster}?handler=WalkIn");

        Assert.True(await _app.WithDbAsync(db => db.Attendance.AnyAsync(a => a.PersonId == late.Id && a.SessionId == sessionId)));
        Assert.Contains(late.FullName, await admin.GetStringAsync(roster));
    }

    [Fact]
    public async Task A_run_whose_sessions_are_all_over_takes_no_booking_on_the_form_or_the_API()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(1, FirstSession.AddDays(-28)).SaveAsync(db));
        var client = _app.CreateClient();

        var form = await client.GetStringAsync($"/Courses/{course.Id}/Register");
        Assert.Contains("この講座の日程はすべて終わりました", form);
        Assert.DoesNotContain("name=\"Input.FamilyName\"", form);

        var api = await client.PostAsync($"/api/v1/courses/{course.Id}/registrations", new StringContent(
            """{"familyName":"山田","givenName":"花子","familyNameKana":"やまだ","givenNameKana":"はなこ","phone":"0551-22-0001","consent":true}""",
            Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Contains("Finished", await api.Content.ReadAsStringAsync());
        Assert.False(await _app.WithDbAsync(db => db.Registrations.AnyAsync(r => r.CourseId == course.Id)));
    }

    [Fact]
    public async Task A_run_too_far_along_to_complete_is_said_so_before_the_form_to_residents_and_staff()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(3, FirstSession.AddDays(-28)).SaveAsync(db));
        var fresh = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(3, FirstSession.AddDays(7)).SaveAsync(db));

        Assert.Contains("data-testid=\"cannot-complete\"", await _app.CreateClient().GetStringAsync($"/Courses/{course.Id}/Register"));
        Assert.Contains("data-testid=\"cannot-complete\"", await _app.CreateClient().GetStringAsync($"/Courses/{course.Id}"));
        Assert.Contains("data-testid=\"cannot-complete\"", await (await AdminAsync()).GetStringAsync($"/Staff/Courses/{course.Id}"));
        Assert.DoesNotContain("cannot-complete", await _app.CreateClient().GetStringAsync($"/Courses/{fresh.Id}/Register"));
    }

    [Fact]
    public void The_early_warning_counts_a_past_session_left_unrecorded_as_missed()
    {
        var program = new ProgramBuilder().Named("養成講座").WithPlannedSessions(3).CompletedBy(CompletionRuleKind.AllSessions).Build();
        var today = new DateOnly(2026, 12, 20);
        var sessions = new List<SessionAttendance>
        {
            new(1, new DateOnly(2026, 12, 1), false, true, AttendanceStatus.Present),
            new(2, new DateOnly(2026, 12, 8), false, true, null),
            new(3, new DateOnly(2026, 12, 29), false, false, null),
        };

        var assessment = CompletionRule.Assess(program, sessions, [], today);

        Assert.False(assessment.CanStillComplete);
        Assert.True(CompletionRule.Assess(program, sessions, [], new DateOnly(2026, 12, 8)).CanStillComplete);
    }
}
