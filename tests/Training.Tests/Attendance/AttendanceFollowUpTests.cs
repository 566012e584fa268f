using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <summary>Coordinators are told when attendance is missing, and when someone can no longer complete.</summary>
public sealed class AttendanceFollowUpTests : IDisposable
{
    // 2026-12-09 10:00–12:00 Tokyo session; now is 15:00 Tokyo the same day (3 hours after it ended).
    private static readonly DateTimeOffset ThreeHoursAfter = new(2026, 12, 9, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(ThreeHoursAfter);
    private TrainingApp _app;

    public AttendanceFollowUpTests() => _app = new TrainingApp(time: _time);

    public void Dispose() => _app.Dispose();

    private async Task<(int SessionId, int PersonId)> SeedAsync()
    {
        return await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(3, new DateTime(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc)).SaveAsync(db);
            var program = await db.Programs.SingleAsync(p => p.Id == course.ProgramId);
            program.Edit(program.Details() with { CompletionRule = CompletionRuleKind.AllSessions });
            var person = new PersonBuilder().Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person.Id).Build());
            await db.SaveChangesAsync();
            return (await db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.SequenceNumber).Select(s => s.Id).FirstAsync(), person.Id);
        });
    }

    private async Task RunCheckAsync()
    {
        await using var scope = _app.Scope();
        await scope.ServiceProvider.GetRequiredService<AttendanceCheckJob>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_session_without_attendance_reminds_the_coordinator_once()
    {
        await SeedAsync();

        await RunCheckAsync();
        await RunCheckAsync();

        var email = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync());
        Assert.Equal(TrainingApp.AdminEmail, email.ToAddress);
        Assert.Contains("出欠が未入力です", email.Subject);
        Assert.Contains("/Roster", email.TextBody);
    }

    [Fact]
    public async Task No_reminder_before_the_waiting_time_or_once_attendance_is_taken()
    {
        _app.Dispose();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 9, 3, 30, 0, TimeSpan.Zero)); // 30 minutes after the end
        _app = new TrainingApp(time: time);
        var (sessionId, personId) = await SeedAsync();
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
        _app.Dispose();
        _app = new TrainingApp(new Dictionary<string, string?> { ["Attendance:MarkUnmarkedAbsentAfterHours"] = "2" }, _time);
        var (sessionId, personId) = await SeedAsync();

        await RunCheckAsync();

        var record = await _app.WithDbAsync(db => db.Attendance.SingleAsync());
        Assert.Equal((sessionId, personId, AttendanceStatus.Absent, AttendanceSource.Sweep), (record.SessionId, record.PersonId, record.Status, record.Source));
    }

    [Fact]
    public async Task An_absence_that_makes_completion_impossible_alerts_the_coordinator_once()
    {
        var (sessionId, personId) = await SeedAsync();

        await using var scope = _app.Scope();
        var service = scope.ServiceProvider.GetRequiredService<AttendanceService>();
        await service.RecordAsync(sessionId, personId, AttendanceStatus.Absent, null, "staff", AttendanceSource.Tablet);
        await service.RecordAsync(sessionId, personId, AttendanceStatus.ExcusedAbsence, null, "staff", AttendanceSource.Tablet);

        var email = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync());
        Assert.Contains("修了が難しくなった参加者がいます", email.Subject);
        Assert.Contains("出席 0回 ／ 必要 3回", email.TextBody);
        var dashboard = await (await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword)).GetStringAsync("/Staff");
        Assert.Contains("気にかけてほしい参加者", dashboard);
        Assert.Contains("山田 花子", dashboard);
        Assert.Contains("出席 0 / 必要 3", dashboard);
        Assert.Contains("今日の回", dashboard);
        Assert.Contains($"/Staff/Sessions/{sessionId}/Roster", dashboard);
    }
}
