using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.Notifications;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <summary>Coordinators are told when attendance is missing, and when someone can no longer complete.</summary>
/// <remarks>
/// One app for the tests at three hours after the session, on a clock they do not move, each with a course and person of
/// its own and asserting on the emails about them; the test that moves the clock and the one with the city's setting keep
/// an app of their own.
/// </remarks>
public sealed class AttendanceFollowUpTests(AttendanceFollowUpTests.App shared) : IClassFixture<AttendanceFollowUpTests.App>, IDisposable
{
    // 2026-12-09 10:00–12:00 Tokyo session; now is 15:00 Tokyo the same day (3 hours after it ended).
    private static readonly DateTimeOffset ThreeHoursAfter = new(2026, 12, 9, 6, 0, 0, TimeSpan.Zero);

    public sealed class App() : SharedApp(null, new FakeTimeProvider(ThreeHoursAfter));

    private TrainingApp _app = shared.App;
    private TrainingApp? _own;

    public void Dispose() => _own?.Dispose();

    private async Task<(int SessionId, int PersonId, List<int> Sessions, int RegistrationId)> SeedAsync(string family = "山田", string given = "花子",
        string familyKana = "やまだ", string givenKana = "はなこ")
    {
        return await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(3, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            var program = await db.Programs.SingleAsync(p => p.Id == course.ProgramId);
            program.Edit(program.Details() with { CompletionRule = CompletionRuleKind.AllSessions });
            var person = new PersonBuilder().Named(family, given, familyKana, givenKana).Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            var registration = new RegistrationBuilder().For(course.Id).Of(person.Id).Build();
            db.Registrations.Add(registration);
            await db.SaveChangesAsync();
            var sessions = await db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.SequenceNumber).Select(s => s.Id).ToListAsync();
            return (sessions[0], person.Id, sessions, registration.Id);
        });
    }

    /// <summary>
    /// The emails about this test's sessions, person or booking (staff alerts are keyed by the session or the booking
    /// they are about); other tests' rows in the shared app are not this test's.
    /// </summary>
    private async Task<List<OutboundEmail>> EmailsAboutAsync(List<int> sessions, int personId, int registrationId)
    {
        var all = await _app.WithDbAsync(db => db.OutboundEmails.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
        return all.Where(e => e.PersonId == personId || e.SessionId is { } s && sessions.Contains(s)
            || sessions.Any(s => e.IdempotencyKey.StartsWith($"attendance-missing:{s}:", StringComparison.Ordinal))
            || e.IdempotencyKey.StartsWith($"completion-at-risk:{registrationId}:", StringComparison.Ordinal)).ToList();
    }

    private async Task RunCheckAsync()
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<AttendanceCheckJob>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_session_without_attendance_reminds_the_coordinator_once()
    {
        var (_, personId, sessions, registrationId) = await SeedAsync();

        await RunCheckAsync();
        await RunCheckAsync();

        var email = Assert.Single(await EmailsAboutAsync(sessions, personId, registrationId));
        Assert.Equal(TrainingApp.AdminEmail, email.ToAddress);
        Assert.Contains("出欠が未入力です", email.Subject);
        Assert.Contains("/Roster", email.TextBody);
    }

    [Fact]
    public async Task No_reminder_before_the_waiting_time_or_once_attendance_is_taken()
    {
        // An app of its own: the test moves its clock.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 9, 3, 30, 0, TimeSpan.Zero)); // 30 minutes after the end
        _app = _own = new TrainingApp(time: time);
        var (sessionId, personId, _, _) = await SeedAsync();
        await RunCheckAsync();
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync()));

        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<AttendanceService>().RecordAsync(sessionId, personId, AttendanceStatus.Present, null, "staff", AttendanceSource.Tablet);
        time.Advance(TimeSpan.FromHours(5));
        await RunCheckAsync();

        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync()));
    }

    [Fact]
    public async Task Unmarked_people_are_recorded_absent_when_the_city_switched_that_on()
    {
        // An app of its own: the city's setting is the site's.
        _app = _own = new TrainingApp(new Dictionary<string, string?> { ["Attendance:MarkUnmarkedAbsentAfterHours"] = "2" }, new FakeTimeProvider(ThreeHoursAfter));
        var (sessionId, personId, _, _) = await SeedAsync();

        await RunCheckAsync();

        var record = await _app.WithDbAsync(db => db.Attendance.SingleAsync());
        Assert.Equal((sessionId, personId, AttendanceStatus.Absent, AttendanceSource.Sweep), (record.SessionId, record.PersonId, record.Status, record.Source));
    }

    [Fact]
    public async Task An_absence_that_makes_completion_impossible_alerts_the_coordinator_once()
    {
        var (sessionId, personId, sessions, registrationId) = await SeedAsync("村松", "里美", "むらまつ", "さとみ");

        await using var scope = _app.Scope();
        var service = scope.ServiceProvider.GetRequiredService<AttendanceService>();
        await service.RecordAsync(sessionId, personId, AttendanceStatus.Absent, null, "staff", AttendanceSource.Tablet);
        await service.RecordAsync(sessionId, personId, AttendanceStatus.ExcusedAbsence, null, "staff", AttendanceSource.Tablet);

        var email = Assert.Single(await EmailsAboutAsync(sessions, personId, registrationId));
        Assert.Contains("修了が難しくなった参加者がいます", email.Subject);
        Assert.Contains("出席 0回 ／ 必要 3回", email.TextBody);
        var dashboard = await (await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword)).GetStringAsync("/Staff");
        Assert.Contains("気にかけてほしい参加者", dashboard);
        var row = AtRiskRowOf(dashboard, personId);
        Assert.Contains("村松 里美", row);
        Assert.Contains("出席 0 / 必要 3", row);
        Assert.Contains("今日の回", dashboard);
        Assert.Contains($"/Staff/Sessions/{sessionId}/Roster", dashboard);
    }

    /// <summary>The dashboard's at-risk line of this person.</summary>
    private static string AtRiskRowOf(string dashboard, int personId)
    {
        var list = dashboard.IndexOf("data-testid=\"at-risk\"", StringComparison.Ordinal);
        Assert.True(list >= 0, "no at-risk list on the dashboard");
        var link = dashboard.IndexOf($"href=\"/Staff/People/{personId}\"", list, StringComparison.Ordinal);
        Assert.True(link >= 0, $"person {personId} is not on the at-risk list");
        var start = dashboard.LastIndexOf("<li", link, StringComparison.Ordinal);
        return dashboard[start..dashboard.IndexOf("</li>", link, StringComparison.Ordinal)];
    }
}
