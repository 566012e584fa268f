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
            foreach (var date in planned.Plan.Dates)
                course.PlanSession(clock.ToUtc(date.Date, planned.Start), clock.ToUtc(date.Date, planned.End), planned.Venue?.Trim() ?? course.Venue,
                    planned.Instructor?.Trim() ?? "", changeReason: date.ChangeReason);
            audit.Record(actor, AuditAction.SessionsPlan, AuditTarget.Of(course),
                string.Join("、", planned.Plan.Dates.Select(d => PeopleDates.ShortDate(d.Date.ToDateTime(TimeOnly.MinValue), "ja"))));
            return planned.Plan.Dates.Count;
        }, cancellationToken);
}
