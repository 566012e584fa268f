using Training.Audit;
using Training.Courses.Scheduling;
using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Courses;

/// <summary>A session a new run starts with: its local day and times, and what it keeps of the session it was copied from.</summary>
/// <param name="Venue">Its own venue; empty: the run's.</param>
/// <param name="MovedBecause">Why the monthly rule's day could not be used (a holiday), as the session's change reason.</param>
public sealed record NewSession(DateOnly Date, TimeOnly Start, TimeOnly End, string Venue, string Instructor, string Topic, string? MovedBecause = null);

/// <summary>A new run to create: its details as typed, the program and organiser, and, for a copy, what it copies and its sessions.</summary>
public sealed record NewCourse(CourseInput Input, int ProgramId, int OrganisationId, string? CoordinatorId, IReadOnlyList<NewSession> Sessions,
    Course? CopiedFrom = null);

/// <summary>What became of creating a run.</summary>
public abstract record CourseCreated
{
    public sealed record Saved(int CourseId, int Sessions) : CourseCreated;
    public sealed record Invalid(IReadOnlyList<CourseProblem> Problems) : CourseCreated;
}

/// <summary>How a copy dates its sessions: shifted to a new first day, planned again by the run's monthly rule, or none (planned later).</summary>
public enum CopyDates { Shift, Monthly, None }

/// <summary>
/// Copies a run for a new period: the sessions still on, in order, with their times, places, instructors and topics,
/// dated anew — shifted so the first falls on a chosen day (keeping the gaps between them), or planned again by the
/// monthly rule the run followed.
/// </summary>
public static class CourseCopy
{
    public static class Messages
    {
        public const string OpensInPast = "受付開始日が過ぎています。今日以降の日にしてください。";
        public const string ClosesInPast = "締め切り日が過ぎています。今日以降の日にしてください。";
        public const string SessionInPast = "日程に過ぎた日があります。最初の回を今日より後の日にしてください。";
        public const string FirstDateMissing = "最初の回の日を入力してください。";
        public const string FirstMonthMissing = "最初の月を選んでください。";
        public const string NoRule = "この講座の日程には、毎月のきまりが見つかりません。最初の回の日を選んでください。";

        public static IEnumerable<string> All => typeof(Messages).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
    }

    /// <summary>The sessions still on, in order: what a copy repeats.</summary>
    public static IReadOnlyList<Session> Pattern(IEnumerable<Session> sessions) =>
        sessions.Where(s => s.Status == SessionStatus.Scheduled).OrderBy(s => s.StartsAt).ThenBy(s => s.SequenceNumber).ToList();

    /// <summary>The pattern moved so its first session falls on <paramref name="newFirst"/>, every gap between sessions kept.</summary>
    public static IReadOnlyList<NewSession> Shifted(IReadOnlyList<Session> pattern, Course original, DateOnly newFirst, SiteClock clock)
    {
        if (pattern.Count == 0) return [];
        var days = newFirst.DayNumber - DateOnly.FromDateTime(clock.ToLocal(pattern[0].StartsAt)).DayNumber;
        return pattern.Select(s => Copy(s, original, DateOnly.FromDateTime(clock.ToLocal(s.StartsAt)).AddDays(days), clock, null)).ToList();
    }

    /// <summary>The pattern planned again by its monthly rule from <paramref name="firstMonth"/>: as many sessions, around holidays.</summary>
    public static IReadOnlyList<NewSession> Replanned(IReadOnlyList<Session> pattern, Course original, SessionPlan plan, SiteClock clock) =>
        plan.Dates.Take(pattern.Count).Select((d, i) => Copy(pattern[i], original, d.Date, clock, d.ChangeReason)).ToList();

    /// <summary>
    /// The monthly rule the run's sessions followed (第2水曜日, 第1・第3金曜日, 毎月15日), read from the days not moved
    /// from it; null when they follow none (or too few to tell).
    /// </summary>
    public static MonthlyRule? RuleOf(IReadOnlyList<Session> pattern, SiteClock clock)
    {
        var days = pattern.Where(s => string.IsNullOrEmpty(s.ChangeReason)).Select(s => DateOnly.FromDateTime(clock.ToLocal(s.StartsAt))).ToList();
        if (days.Count < 2) return null;
        if (days.Select(d => d.DayOfWeek).Distinct().Count() == 1)
        {
            static bool Last(DateOnly d) => d.Day + 7 > DateTime.DaysInMonth(d.Year, d.Month);
            var weeks = days.All(Last) && days.Select(d => (d.Day - 1) / 7).Distinct().Count() > 1
                ? [-1]
                : days.Select(d => (d.Day - 1) / 7 + 1).Distinct().Order().ToArray();
            return MonthlyRule.NthWeekday(days[0].DayOfWeek, weeks);
        }
        var monthDays = days.Select(d => d.Day).Distinct().Order().ToArray();
        return monthDays.Length <= 3 ? MonthlyRule.DayOfMonth(monthDays) : null;
    }

    private static NewSession Copy(Session session, Course original, DateOnly date, SiteClock clock, string? movedBecause) => new(
        date, TimeOnly.FromDateTime(clock.ToLocal(session.StartsAt)), TimeOnly.FromDateTime(clock.ToLocal(session.EndsAt)),
        // A session that met at the run's venue meets at the new run's, wherever that is now.
        session.Venue.Trim() == original.Venue.Trim() ? "" : session.Venue, session.Instructor, session.Topic, movedBecause);
}

/// <summary>
/// Starts a new run of a program — typed from scratch, or copied from another run with new dates — with its sessions
/// when it has them, in one unit, audited (a copy says which run it copied). A copy's dates must lie ahead: a window
/// already closed or a session already past is refused with the reason.
/// </summary>
public class CourseCreation(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock)
{
    /// <param name="areaChoices">The districts the author may choose.</param>
    /// <param name="cityWideAllowed">Whether the author works city-wide.</param>
    public async Task<CourseCreated> CreateAsync(NewCourse request, IReadOnlyCollection<int> areaChoices, bool cityWideAllowed, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var problems = Problems(request, areaChoices, cityWideAllowed);
        if (problems.Count > 0) return new CourseCreated.Invalid(problems);
        var details = request.Input.ToDetails(clock);

        return await unitOfWork.RunAsync<CourseCreated>(async ct =>
        {
            var now = clock.UtcNow;
            var course = new Course(request.ProgramId, request.OrganisationId, details, request.CoordinatorId, createdAt: now);
            foreach (var session in request.Sessions.OrderBy(s => s.Date).ThenBy(s => s.Start))
                course.PlanSession(clock.ToUtc(session.Date, session.Start), clock.ToUtc(session.Date, session.End), session.Venue, session.Instructor, session.Topic,
                    session.MovedBecause);
            var number = course.Sessions.Count;
            db.Courses.Add(course);
            await db.SaveChangesAsync(ct);
            // In words, as the log shows it: which run it copies (by its program and title) and the new dates.
            var sessions = number == 0 ? "日程なし"
                : $"日程{number}回（{JapaneseDates.FullDate(request.Sessions.Min(s => s.Date))}〜{JapaneseDates.FullDate(request.Sessions.Max(s => s.Date))}）";
            audit.Record(actor, AuditAction.CourseCreate, AuditTarget.Of(course), request.CopiedFrom is { } from
                ? $"「{from.Program?.Name}（{from.Title}）」から写して作成。{sessions}" : sessions);
            await db.SaveChangesAsync(ct);
            return new CourseCreated.Saved(course.Id, number);
        }, cancellationToken);
    }

    /// <summary>What is wrong with the new run's details (and, for a copy, its dates), in people's words; empty when nothing.</summary>
    public IReadOnlyList<CourseProblem> Problems(NewCourse request, IReadOnlyCollection<int> areaChoices, bool cityWideAllowed)
    {
        var problems = request.Input.Problems(areaChoices, cityWideAllowed).ToList();
        if (request.CopiedFrom is not null) problems.AddRange(PastDates(request));
        return problems;
    }

    /// <summary>A copy is for a new period: no registration day and no session already past.</summary>
    private IEnumerable<CourseProblem> PastDates(NewCourse request)
    {
        var today = clock.Today;
        if (request.Input.OpensOn < today) yield return new(nameof(CourseInput.OpensOn), CourseCopy.Messages.OpensInPast);
        if (request.Input.ClosesOn < today) yield return new(nameof(CourseInput.ClosesOn), CourseCopy.Messages.ClosesInPast);
        var now = clock.UtcNow;
        if (request.Sessions.Any(s => clock.ToUtc(s.Date, s.Start) <= now)) yield return new("Sessions", CourseCopy.Messages.SessionInPast);
    }
}
