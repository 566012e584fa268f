using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.Notifications;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Attendance;

/// <summary>「12月8日だけ欠席します」: one day missed, told ahead by the resident or on the phone.</summary>
public sealed class OneDayAbsenceTests : IDisposable
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    private static readonly DateTime FirstSession = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc); // Wed 9 Dec 10:00, then every 4 weeks
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Tokyo));
    private readonly TrainingApp _app;

    public OneDayAbsenceTests() => _app = new TrainingApp(time: _time);

    public void Dispose() => _app.Dispose();

    private async Task<(Person Person, int CourseId, List<int> Sessions)> BookedAsync(string? email) => await _app.WithDbAsync(async db =>
    {
        var course = await new CourseBuilder().WithSessions(3, FirstSession).SaveAsync(db);
        var program = await db.Programs.SingleAsync(p => p.Id == course.ProgramId);
        program.Edit(program.Details() with { ExcusedAbsenceCountsAsAttended = true });
        var person = new PersonBuilder().WithEmail(email).Build();
        db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person).RegisteredAt(TestClock.UtcNow.AddDays(-30)).Build());
        await db.SaveChangesAsync();
        return (person, course.Id, course.Sessions.OrderBy(s => s.StartsAt).Select(s => s.Id).ToList());
    });

    [Fact]
    public async Task A_resident_says_they_will_miss_one_day_and_keeps_their_place_without_that_day_s_reminder()
    {
        var (person, courseId, sessions) = await BookedAsync("hanako@example.jp");
        var client = _app.CreateBrowserLikeClient();
        var page = $"/My/{person.AccessToken}";

        var told = await Forms.PostAsync(client, page, new Dictionary<string, string> { ["sessionId"] = sessions[0].ToString() }, $"{page}?handler=Absence");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, told.StatusCode);
        var mine = await client.GetStringAsync(page);
        Assert.Contains("欠席のご連絡を受け付けました", mine);
        Assert.Contains("data-testid=\"excused\"", mine);
        var record = await _app.WithDbAsync(db => db.Attendance.AsNoTracking().SingleAsync());
        Assert.Equal((AttendanceStatus.ExcusedAbsence, AttendanceSource.ResidentNotice, sessions[0]), (record.Status, record.Source, record.SessionId));
        Assert.Equal(RegistrationStatus.Confirmed, await _app.WithDbAsync(db => db.Registrations.Select(r => r.Status).SingleAsync()));

        // The 3-day reminder for that day is not sent; the day counts as excused for completion.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 6, 9, 30, 0, Tokyo));
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<SessionReminders>().SweepAsync();
        Assert.False(await _app.WithDbAsync(db => db.OutboundEmails.AnyAsync(e => e.TemplateName == "session-reminder" && e.SessionId == sessions[0])));
        await using (var scope = _app.Scope())
        {
            var registrationId = await _app.WithDbAsync(db => db.Registrations.Select(r => r.Id).SingleAsync());
            var assessment = await scope.ServiceProvider.GetRequiredService<CompletionService>().AssessAsync(registrationId);
            Assert.Equal(1, assessment!.Attended);
        }
    }

    [Fact]
    public async Task Staff_record_an_absence_told_on_the_phone_and_the_roster_shows_it()
    {
        var (person, _, sessions) = await BookedAsync(null);
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        await Forms.PostAsync(admin, $"/Staff/People/{person.Id}", new Dictionary<string, string> { ["sessionId"] = sessions[1].ToString() },
            $"/Staff/People/{person.Id}?handler=Absence");

        var record = await _app.WithDbAsync(db => db.Attendance.AsNoTracking().SingleAsync());
        Assert.Equal((AttendanceStatus.ExcusedAbsence, AttendanceSource.PhoneNotice), (record.Status, record.Source));
        Assert.Contains("欠席連絡（電話、", record.Note);
        _time.SetUtcNow(new DateTimeOffset(2027, 1, 6, 9, 0, 0, Tokyo));
        admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        Assert.Contains("欠席（連絡あり）", await admin.GetStringAsync($"/Staff/Sessions/{sessions[1]}/Roster"));
    }

    [Fact]
    public async Task An_absence_for_a_day_that_is_over_or_cancelled_is_refused_and_changes_nothing()
    {
        var (person, _, sessions) = await BookedAsync("hanako@example.jp");
        await _app.WithDbAsync(async db =>
        {
            (await db.Sessions.SingleAsync(s => s.Id == sessions[1])).Cancel("会場の都合");
            await db.SaveChangesAsync();
        });
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 9, 0, 0, Tokyo)); // the first day is over
        await using var scope = _app.Scope();
        var attendance = scope.ServiceProvider.GetRequiredService<AttendanceService>();

        Assert.Equal(AttendanceOutcome.SessionOver, (await attendance.ExcuseAsync(sessions[0], person.Id, AttendanceSource.ResidentNotice, null)).Outcome);
        Assert.Equal(AttendanceOutcome.SessionCancelled, (await attendance.ExcuseAsync(sessions[1], person.Id, AttendanceSource.ResidentNotice, null)).Outcome);
        Assert.False(await _app.WithDbAsync(db => db.Attendance.AnyAsync()));

        // Told for the third day, then taken back: nothing remains.
        Assert.Equal(AttendanceOutcome.Saved, (await attendance.ExcuseAsync(sessions[2], person.Id, AttendanceSource.ResidentNotice, null)).Outcome);
        Assert.True(await attendance.WithdrawExcuseAsync(sessions[2], person.Id));
        Assert.False(await _app.WithDbAsync(db => db.Attendance.AnyAsync()));
    }
}
