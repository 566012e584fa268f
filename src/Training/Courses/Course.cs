using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;
using Training.Staff;

namespace Training.Courses;

/// <summary>One run of a program, e.g. 令和8年度 第1期.</summary>
public class Course
{
    public int Id { get; private set; }
    public int ProgramId { get; private set; }
    public TrainingProgram? Program { get; private set; }
    public string Title { get; private set; } = "";
    public int Capacity { get; private set; }
    public int MinimumParticipants { get; private set; }
    public DateTime? RegistrationOpensAt { get; private set; }
    public DateTime? RegistrationClosesAt { get; private set; }
    public string Venue { get; private set; } = "";
    /// <summary>The venue's street address, for residents to find it (with a map link where the city configured one).</summary>
    public string VenueAddress { get; private set; } = "";
    /// <summary>What it costs, as the city writes it (300円（材料費）); empty means free (無料).</summary>
    public string Fee { get; private set; } = "";
    /// <summary>What to bring (持ち物); empty says nothing is needed.</summary>
    public string Belongings { get; private set; } = "";
    public int? AreaId { get; private set; }
    public Area? Area { get; private set; }
    public int OrganisationId { get; private set; }
    public Organisation? Organisation { get; private set; }
    public string? CoordinatorId { get; private set; }
    public StaffUser? Coordinator { get; private set; }
    public CourseStatus Status { get; private set; } = CourseStatus.Open;
    /// <summary>What residents read about this run on its page, beside the program's own description.</summary>
    public string Description { get; private set; } = "";
    /// <summary>Who teaches; a session naming its own instructor says so itself.</summary>
    public string Instructor { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    /// <summary>Stamped on every change; an edit made on an older form is refused by it.</summary>
    public DateTime UpdatedAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public string? CancelReason { get; private set; }
    /// <summary>
    /// Set (to a new random mark) before attendance of the course is written, cleared once every completion of the course
    /// has been derived again: a course still marked after a crash is derived on the next start.
    /// </summary>
    public string? CompletionsStaleMark { get; private set; }

    public List<Session> Sessions { get; private set; } = [];

    /// <summary>For EF Core, which sets the fields it reads.</summary>
    private Course() { }

    /// <summary>
    /// A new run of a program, by ids. It opens as <see cref="CourseStatus.Open"/> unless started otherwise (a draft, or a
    /// run recorded after the fact); a run is cancelled only through <see cref="Cancel"/>, which says why and when.
    /// </summary>
    public Course(int programId, int organisationId, CourseDetails details, string? coordinatorId = null, CourseStatus status = CourseStatus.Open,
        DateTime createdAt = default)
    {
        if (status == CourseStatus.Cancelled) throw new ArgumentException("A run is cancelled through Cancel, with its reason.", nameof(status));
        ProgramId = programId;
        OrganisationId = organisationId;
        CoordinatorId = coordinatorId;
        Status = status;
        CreatedAt = createdAt;
        Correct(details);
    }

    /// <summary>A new run of a program not saved yet (seed data, tests): the program, organiser and district saved with it.</summary>
    public Course(TrainingProgram program, Organisation organisation, CourseDetails details, Area? area = null, string? coordinatorId = null,
        CourseStatus status = CourseStatus.Open, DateTime createdAt = default)
        : this(program.Id, organisation.Id, details, coordinatorId, status, createdAt)
    {
        Program = program;
        Organisation = organisation;
        if (area is not null) (Area, AreaId) = (area, area.Id == 0 ? null : area.Id);
    }

    /// <summary>A run as its sessions tell it, for the rules that read only them (<see cref="IsOverAt"/>); never saved.</summary>
    public static Course OfSessions(List<Session> sessions) => new() { Sessions = sessions };

    /// <summary>
    /// The one rule of which runs residents may see — on the schedule, their own pages, the API, the calendars: a run of a
    /// public program that is no longer a draft (a cancelled one stays visible, marked cancelled). For queries.
    /// </summary>
    public static readonly Expression<Func<Course, bool>> Public = c => c.Program!.IsPublic && c.Status != CourseStatus.Draft;

    private static readonly Func<Course, bool> PublicCompiled = Public.Compile();

    /// <summary>The same rule for a query of sessions: the published sessions (<see cref="Session.Published"/>) of public runs.</summary>
    public static readonly Expression<Func<Session, bool>> PublicSessions = Session.OfCourse(Public, Session.Published);

    /// <summary>Whether residents may see the run (<see cref="Public"/>); needs the program loaded.</summary>
    public bool IsPublic() => Program is not null ? PublicCompiled(this)
        : throw new InvalidOperationException("Whether a run is public depends on its program, which is not loaded.");

    /// <summary>
    /// Marks the run's completions as to be derived again (after attendance of the run changed); the mark is cleared
    /// once they are, and a mark left by a crash is derived at the next start.
    /// </summary>
    public void MarkCompletionsStale(string mark) => CompletionsStaleMark = mark;

    /// <summary>
    /// Plans one more session after those the run has (第N回, numbered after the highest, cancelled ones included), as
    /// a new run or a monthly plan creates them. Unlike <see cref="AddSession"/> it may be in the past (a run recorded
    /// after the fact) and moves no number. Needs the sessions loaded.
    /// </summary>
    /// <param name="changeReason">Why the day differs from the rule it was planned by (a holiday), as the session says.</param>
    public Session PlanSession(DateTime startsAt, DateTime endsAt, string venue = "", string instructor = "", string topic = "", string? changeReason = null)
    {
        if (endsAt <= startsAt) throw new ArgumentException("A session ends after it starts.", nameof(endsAt));
        var number = Sessions.Select(s => s.SequenceNumber).DefaultIfEmpty(0).Max() + 1;
        var session = new Session(this, number, startsAt, endsAt, venue, instructor, topic, changeReason);
        Sessions.Add(session);
        return session;
    }

    /// <summary>The run's details as they stand, to correct a few of (<c>with { … }</c>) through <see cref="Correct"/>.</summary>
    public CourseDetails Details() => new(Title, Description, Venue, Instructor, Capacity, MinimumParticipants, AreaId, RegistrationOpensAt, RegistrationClosesAt,
        VenueAddress, Fee, Belongings);

    /// <summary>Applies corrected details; returns the fields that changed (<see cref="CourseInput.FieldLabels"/>) with before and after.</summary>
    public IReadOnlyList<(string Field, string Before, string After)> Correct(CourseDetails details)
    {
        var changes = new List<(string, string, string)>();
        void Set<T>(string field, T before, T after, Action apply)
        {
            if (EqualityComparer<T>.Default.Equals(before, after)) return;
            changes.Add((field, $"{before}", $"{after}"));
            apply();
        }
        Set(nameof(CourseInput.Title), Title, details.Title, () => Title = details.Title);
        Set(nameof(CourseInput.Description), Description, details.Description, () => Description = details.Description);
        Set(nameof(CourseInput.Venue), Venue, details.Venue, () => Venue = details.Venue);
        Set(nameof(CourseInput.VenueAddress), VenueAddress, details.VenueAddress, () => VenueAddress = details.VenueAddress);
        Set(nameof(CourseInput.Fee), Fee, details.Fee, () => Fee = details.Fee);
        Set(nameof(CourseInput.Belongings), Belongings, details.Belongings, () => Belongings = details.Belongings);
        Set(nameof(CourseInput.Instructor), Instructor, details.Instructor, () => Instructor = details.Instructor);
        Set(nameof(CourseInput.Capacity), Capacity, details.Capacity, () => Capacity = details.Capacity);
        Set(nameof(CourseInput.MinimumParticipants), MinimumParticipants, details.MinimumParticipants, () => MinimumParticipants = details.MinimumParticipants);
        Set(nameof(CourseInput.AreaId), AreaId, details.AreaId, () => AreaId = details.AreaId);
        Set(nameof(CourseInput.OpensOn), RegistrationOpensAt, details.OpensAt, () => RegistrationOpensAt = details.OpensAt);
        Set(nameof(CourseInput.ClosesOn), RegistrationClosesAt, details.ClosesAt, () => RegistrationClosesAt = details.ClosesAt);
        return changes;
    }

    /// <summary>
    /// Whether the run is over: every planned session exists and each one still on has ended — compared as instants,
    /// so a register taken during the closing session does not end the run before the session does. Needs the
    /// sessions loaded.
    /// </summary>
    public bool IsOverAt(DateTime now, int plannedSessionCount) =>
        Sessions.Count >= plannedSessionCount
        && Sessions.Where(s => s.Status == SessionStatus.Scheduled).All(s => s.EndsAt <= now);

    /// <summary>
    /// Whether a session of the run is under way, from when its marks open to its end: nothing is issued on its strength
    /// while it is, however the program's certificates are timed. Needs the sessions loaded.
    /// </summary>
    public bool HasSessionUnderwayAt(DateTime now, TimeSpan marksOpenBefore) =>
        Sessions.Any(s => s.TakesMarksAt(now, marksOpenBefore) && now < s.EndsAt);

    /// <summary>How many confirmed places a new capacity would leave without a seat (nobody is removed to make room).</summary>
    public static int SeatsShort(int capacity, int confirmed) => Math.Max(0, confirmed - capacity);

    /// <summary>How many of those waiting a new capacity gives a seat, first come first served.</summary>
    public static int SeatsFreed(int capacity, int confirmed, int waiting) => Math.Clamp(capacity - confirmed, 0, waiting);

    /// <summary>
    /// Cancels the whole run: it takes nobody from now on and each session still to come is cancelled with the reason.
    /// Registrations, attendance and completions stay as they are.
    /// </summary>
    /// <returns>The sessions this cancelled (none when the course was cancelled already).</returns>
    public IReadOnlyList<Session> Cancel(string reason, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Status == CourseStatus.Cancelled) return [];
        Status = CourseStatus.Cancelled;
        CancelledAt = now;
        CancelReason = reason.Trim();
        return Sessions.Where(s => s.Status == SessionStatus.Scheduled && s.StartsAt > now && s.Cancel(reason)).ToList();
    }

    /// <summary>
    /// Adds one session on a chosen day (an extra meeting, or one in place of a cancelled day). It must start after
    /// <paramref name="now"/> (instants, not dates), end after it starts, and not overlap another session of the run
    /// still on or waiting for approval (a cancelled one's time is free). It takes the number after the sessions before it (第N回 in date
    /// order): placed between two, every later session moves down one, which is safe only while none of them holds a
    /// record — <paramref name="recordedSessionIds"/>: a register taken or a mark, or a make-up already attended for
    /// that number — so an insert before such a session is refused. Bookings of the whole run cover the new session
    /// by themselves; bookings by the session keep covering the same days (see <see cref="SessionAddition.Added.MovedFrom"/>).
    /// Needs the sessions loaded.
    /// </summary>
    public SessionAddition AddSession(DateTime startsAt, DateTime endsAt, string venue, string instructor, string topic, DateTime now,
        IReadOnlyCollection<int> recordedSessionIds)
    {
        if (Status == CourseStatus.Cancelled) return new SessionAddition.CourseCancelled();
        if (endsAt <= startsAt) return new SessionAddition.EndsBeforeStart();
        if (startsAt <= now) return new SessionAddition.InThePast();
        if (Sessions.Where(Session.Occupies(startsAt, endsAt).Compile()).OrderBy(s => s.StartsAt).FirstOrDefault() is { } other)
            return new SessionAddition.Overlaps(other);
        var number = Sessions.Where(s => s.StartsAt <= startsAt).Select(s => s.SequenceNumber).DefaultIfEmpty(0).Max() + 1;
        var later = Sessions.Where(s => s.SequenceNumber >= number).OrderBy(s => s.SequenceNumber).ToList();
        if (later.FirstOrDefault(s => s.AttendanceTakenAt is not null || recordedSessionIds.Contains(s.Id)) is { } recorded)
            return new SessionAddition.BeforeRecordedSession(recorded);
        foreach (var session in later) session.MoveDownOne();
        var added = new Session(this, number, startsAt, endsAt, venue.Trim(), instructor.Trim(), topic.Trim(), null);
        Sessions.Add(added);
        return new SessionAddition.Added(added, later.Count == 0 ? null : number);
    }

    /// <summary>Whether the course takes a registration now, and through which channel; needs the sessions loaded.</summary>
    public RegistrationWindow RegistrationWindowAt(DateTime now, bool byStaff = false) =>
        RegistrationWindowOf(Status, RegistrationOpensAt, RegistrationClosesAt, LastSessionEnd(Sessions), now, byStaff);

    /// <summary>When the last session still on ends; null when none is planned (a run whose dates are still to come).</summary>
    public static DateTime? LastSessionEnd(IEnumerable<Session> sessions) =>
        sessions.Where(s => s.Status == SessionStatus.Scheduled).Select(s => (DateTime?)s.EndsAt).Max();

    /// <summary>
    /// The one rule, for a course or a query's projection of one: a cancelled course takes nobody; staff may still add
    /// someone by phone or paper outside the web window; residents only while the course is open, the window is, and
    /// a session is still to come — a run whose every session is over has nothing left to book.
    /// </summary>
    public static RegistrationWindow RegistrationWindowOf(CourseStatus status, DateTime? opensAt, DateTime? closesAt, DateTime? lastSessionEndsAt,
        DateTime now, bool byStaff = false) =>
        status == CourseStatus.Cancelled ? RegistrationWindow.Cancelled
        : byStaff ? RegistrationWindow.Open
        : lastSessionEndsAt <= now ? RegistrationWindow.Finished
        : opensAt > now ? RegistrationWindow.NotOpenYet
        : closesAt < now || status != CourseStatus.Open ? RegistrationWindow.Closed
        : RegistrationWindow.Open;
}

public enum CourseStatus { Draft, Open, Closed, Cancelled, Finished }

public enum RegistrationWindow { Open, NotOpenYet, Closed, Cancelled, Finished }

public class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.CompletionsStaleMark).HasMaxLength(32);
        builder.Property(c => c.Venue).HasMaxLength(200);
        builder.Property(c => c.VenueAddress).HasMaxLength(200).HasDefaultValue("");
        builder.Property(c => c.Fee).HasMaxLength(100).HasDefaultValue("");
        builder.Property(c => c.Belongings).HasMaxLength(500).HasDefaultValue("");
        builder.Property(c => c.Description).HasMaxLength(4000);
        builder.Property(c => c.Instructor).HasMaxLength(200);
        builder.Property(c => c.CancelReason).HasMaxLength(500);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(c => c.Program).WithMany().HasForeignKey(c => c.ProgramId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Area).WithMany().HasForeignKey(c => c.AreaId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Organisation).WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Coordinator).WithMany().HasForeignKey(c => c.CoordinatorId).OnDelete(DeleteBehavior.SetNull);
    }
}
