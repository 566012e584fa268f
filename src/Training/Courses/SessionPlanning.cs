using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Courses.Scheduling;
using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Courses;

/// <summary>The sessions a monthly plan gives a run: their times, and the place and instructor they share.</summary>
/// <param name="Venue">Where they meet; null: the run's venue.</param>
public sealed record PlannedSessions(SessionPlan Plan, TimeOnly Start, TimeOnly End, string? Venue, string? Instructor);

/// <summary>
/// Creates a run's sessions from a monthly plan (<see cref="SessionPlanner"/>), numbered after those it has
/// (<see cref="Course.PlanSession"/>), each moved day saying why, in one unit, audited.
/// </summary>
public class SessionPlanning(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock)
{
    /// <returns>How many sessions were created; null when the run does not exist.</returns>
    public Task<int?> CreateAsync(int courseId, PlannedSessions planned, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync<int?>(async ct =>
        {
            var course = await db.Courses.Include(c => c.Sessions).FirstOrDefaultAsync(c => c.Id == courseId, ct);
            if (course is null) return null;
            PlanOn(course, planned, actor);
            return planned.Plan.Dates.Count;
        }, cancellationToken);

    /// <summary>Each planned date as a session of the run (the sessions loaded), audited; inside the caller's unit.</summary>
    internal IReadOnlyList<Session> PlanOn(Course course, PlannedSessions planned, Actor actor, string auditSuffix = "")
    {
        var sessions = planned.Plan.Dates.Select(date =>
            course.PlanSession(clock.ToUtc(date.Date, planned.Start), clock.ToUtc(date.Date, planned.End), planned.Venue?.Trim() ?? course.Venue,
                planned.Instructor?.Trim() ?? "", changeReason: date.ChangeReason)).ToList();
        audit.Record(actor, AuditAction.SessionsPlan, AuditTarget.Of(course),
            string.Join("、", planned.Plan.Dates.Select(d => PeopleDates.ShortDate(d.Date.ToDateTime(TimeOnly.MinValue), "ja"))) + auditSuffix);
        return sessions;
    }

    /// <summary>When each planned session would start and end, as instants.</summary>
    public IReadOnlyList<(DateOnly Date, DateTime StartsAt, DateTime EndsAt)> TimesOf(PlannedSessions planned) =>
        planned.Plan.Dates.Select(d => (d.Date, clock.ToUtc(d.Date, planned.Start), clock.ToUtc(d.Date, planned.End))).ToList();
}
