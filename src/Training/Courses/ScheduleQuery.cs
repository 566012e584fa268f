using Microsoft.EntityFrameworkCore;
using Training.Data;
using Training.Registrations;
using Training.Time;

namespace Training.Courses;

/// <summary>One public session as residents see it in the monthly schedule.</summary>
public sealed record ScheduleEntry(
    int SessionId,
    int CourseId,
    int ProgramId,
    string Program,
    ProgramKind Kind,
    string Course,
    int Number,
    int PlannedSessions,
    DateTime Start,
    DateTime End,
    DateTime StartUtc,
    DateTime EndUtc,
    string Venue,
    int? AreaId,
    string? Area,
    string Topic,
    bool Cancelled,
    string? ChangeReason,
    int Capacity,
    int SeatsLeft,
    int Waiting,
    bool RegistrationOpen,
    /// <summary>What residents read about the run: the program's description, then the run's own.</summary>
    string About = "",
    /// <summary>The office that runs it, with the number residents call about it (empty when it has none).</summary>
    string Organiser = "",
    string OrganiserPhone = "",
    string? OrganiserHours = null);

/// <summary>The public schedule: sessions of public programs, by month, optionally for one area or program.</summary>
public class ScheduleQuery(TrainingDbContext db, SiteClock clock)
{
    public Task<List<ScheduleEntry>> MonthAsync(int year, int month, int? areaId = null, int? programId = null, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, month, 1);
        return BetweenAsync(clock.StartOfDayUtc(first), clock.StartOfDayUtc(first.AddMonths(1)), areaId, programId, cancellationToken);
    }

    public Task<List<ScheduleEntry>> BetweenAsync(DateTime fromUtc, DateTime toUtc, int? areaId = null, int? programId = null,
        CancellationToken cancellationToken = default)
    {
        var query = PublicSessions().Where(s => s.StartsAt >= fromUtc && s.StartsAt < toUtc);
        // A district's residents can also join the city-wide (市全域) courses: they belong in that district's list and PDF.
        if (areaId is not null) query = query.Where(s => s.Course!.AreaId == areaId || s.Course.AreaId == null);
        if (programId is not null) query = query.Where(s => s.Course!.ProgramId == programId);
        return ListAsync(query, cancellationToken);
    }

    /// <summary>Every session of the given courses, past and future.</summary>
    public Task<List<ScheduleEntry>> ForCoursesAsync(IReadOnlyCollection<int> courseIds, CancellationToken cancellationToken = default) =>
        ListAsync(PublicSessions().Where(s => courseIds.Contains(s.CourseId)), cancellationToken);

    private IQueryable<Session> PublicSessions() => db.Sessions.AsNoTracking().Where(Course.PublicSessions);

    private async Task<List<ScheduleEntry>> ListAsync(IQueryable<Session> query, CancellationToken cancellationToken)
    {
        var rows = await query
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id)
            .Select(s => new
            {
                s.Id, s.CourseId, s.Course!.ProgramId, Program = s.Course.Program!.Name, s.Course.Program.Kind, Course = s.Course.Title,
                s.SequenceNumber, s.Course.Program.PlannedSessionCount, s.StartsAt, s.EndsAt, s.Venue, CourseVenue = s.Course.Venue,
                s.Course.AreaId, Area = s.Course.Area != null ? s.Course.Area.Name : null, s.Topic, s.Status, s.ChangeReason,
                s.Course.Capacity, CourseStatus = s.Course.Status, s.Course.RegistrationOpensAt, s.Course.RegistrationClosesAt,
                ProgramDescription = s.Course.Program.Description, CourseDescription = s.Course.Description,
                Organiser = s.Course.Organisation!.Name, OrganiserPhone = s.Course.Organisation.Phone, OrganiserHours = s.Course.Organisation.OpeningHours,
            })
            .ToListAsync(cancellationToken);

        var courseIds = rows.Select(r => r.CourseId).Distinct().ToList();
        var counts = await db.Registrations.AsNoTracking()
            .Where(r => courseIds.Contains(r.CourseId) && r.Status != RegistrationStatus.Cancelled)
            .GroupBy(r => new { r.CourseId, r.Status, r.FromSession, r.UntilSession })
            .Select(g => new { g.Key.CourseId, g.Key.Status, g.Key.FromSession, g.Key.UntilSession, Count = g.Count() })
            .ToListAsync(cancellationToken);
        // Seats are a session's: an activity booked by the session counts only the bookings covering that one.
        int Count(int courseId, int number, RegistrationStatus status) => counts
            .Where(c => c.CourseId == courseId && c.Status == status && Registration.Covers(c.FromSession, c.UntilSession, number)).Sum(c => c.Count);
        var lastEnds = (await db.Sessions.AsNoTracking().Where(s => courseIds.Contains(s.CourseId) && s.Status == SessionStatus.Scheduled)
                .GroupBy(s => s.CourseId).Select(g => new { CourseId = g.Key, Last = g.Max(s => s.EndsAt) }).ToListAsync(cancellationToken))
            .ToDictionary(x => x.CourseId, x => x.Last);
        DateTime? LastEnd(int courseId) => lastEnds.TryGetValue(courseId, out var last) ? last : null;

        var now = clock.UtcNow;
        return rows.Select(r => new ScheduleEntry(
            r.Id, r.CourseId, r.ProgramId, r.Program, r.Kind, r.Course, r.SequenceNumber, r.PlannedSessionCount,
            clock.ToLocal(r.StartsAt), clock.ToLocal(r.EndsAt), r.StartsAt, r.EndsAt,
            Session.VenueOf(r.Venue, r.CourseVenue), r.AreaId, r.Area, r.Topic,
            r.Status == SessionStatus.Cancelled || r.CourseStatus == CourseStatus.Cancelled, r.ChangeReason,
            r.Capacity, Math.Max(0, r.Capacity - Count(r.CourseId, r.SequenceNumber, RegistrationStatus.Confirmed)), Count(r.CourseId, r.SequenceNumber, RegistrationStatus.Waitlisted),
            // A cancelled session takes no booking, whatever its course's window says.
            r.Status != SessionStatus.Cancelled && r.CourseStatus != CourseStatus.Cancelled
                && Course.RegistrationWindowOf(r.CourseStatus, r.RegistrationOpensAt, r.RegistrationClosesAt, LastEnd(r.CourseId), now) == RegistrationWindow.Open,
            string.Join("\n", new[] { r.ProgramDescription, r.CourseDescription }.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d.Trim())),
            r.Organiser, r.OrganiserPhone ?? "", r.OrganiserHours)).ToList();
    }
}
