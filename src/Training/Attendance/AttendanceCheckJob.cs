using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.Registrations;
using Training.Time;

namespace Training.Attendance;

/// <summary>
/// Hourly: completions earned in sessions that just ended are recorded; sessions that ended a while ago without attendance get a reminder to their coordinator, and, if the city
/// chose so, people left unmarked are recorded absent. Derived from the database each run, so nothing is missed or doubled.
/// </summary>
public class AttendanceCheckJob(TrainingDbContext db, StaffAlerts alerts, AttendanceService attendance, CompletionService completions, SiteClock clock,
    IOptions<AttendanceOptions> options)
{
    public const string RecurringId = "attendance-check";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Remind coordinators of attendance not taken")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        // Completions earned in sessions that have just ended are recorded now (two hours' overlap: a late run misses none).
        await completions.DeriveJustEndedAsync(TimeSpan.FromHours(3), cancellationToken);
        var remindBefore = now.AddHours(-options.Value.ReminderAfterHours);
        var lookBack = now.AddDays(-14);
        var missing = await db.Sessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.Scheduled && s.AttendanceTakenAt == null && s.EndsAt < remindBefore && s.EndsAt > lookBack)
            .Where(s => db.Registrations.Any(r => r.CourseId == s.CourseId && r.Status == RegistrationStatus.Confirmed))
            .ToListAsync(cancellationToken);
        foreach (var session in missing) await alerts.AttendanceMissingAsync(session, cancellationToken);

        if (options.Value.MarkUnmarkedAbsentAfterHours is not { } hours) return;
        var markBefore = now.AddHours(-hours);
        var unmarked = await (
                from s in db.Sessions
                where s.Status == SessionStatus.Scheduled && s.EndsAt < markBefore && s.EndsAt > lookBack
                from r in db.Registrations
                where r.CourseId == s.CourseId && r.Status == RegistrationStatus.Confirmed
                      // Registration.Covers, written out: here the session number is a column, not a value.
                      && (r.FromSession == null || r.FromSession <= s.SequenceNumber) && (r.UntilSession == null || r.UntilSession >= s.SequenceNumber)
                      && !db.Attendance.Any(a => a.SessionId == s.Id && a.PersonId == r.PersonId)
                select new { SessionId = s.Id, r.PersonId })
            .AsNoTracking().ToListAsync(cancellationToken);
        foreach (var mark in unmarked)
            await attendance.RecordAsync(mark.SessionId, mark.PersonId, AttendanceStatus.Absent, 0, null, AttendanceSource.Sweep, cancellationToken: cancellationToken);
    }
}
