using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Courses;

/// <summary>One meeting of a course (第3回), stored in UTC and shown in the configured time zone.</summary>
public class Session
{
    public int Id { get; private set; }
    public int CourseId { get; private set; }
    public Course? Course { get; private set; }
    /// <summary>第N回: the number make-ups are matched by across runs.</summary>
    public int SequenceNumber { get; private set; }
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public string Venue { get; private set; } = "";
    public string Instructor { get; private set; } = "";
    public string Topic { get; private set; } = "";
    public SessionStatus Status { get; private set; } = SessionStatus.Scheduled;
    public string? ChangeReason { get; private set; }
    /// <summary>When a coordinator last saved attendance; null means attendance is still to be taken.</summary>
    public DateTime? AttendanceTakenAt { get; private set; }
    /// <summary>Counts the changes residents were told of (moves, cancellation): a calendar event's SEQUENCE grows with it.</summary>
    public int Revision { get; private set; }
    /// <summary>
    /// The coordinator's word to the group's leader on a session they planned or a move they proposed: why it was
    /// declined (or the leader's own reason for withdrawing it). Never shown to residents.
    /// </summary>
    public string? DecisionNote { get; private set; }
    /// <summary>A move a group leader proposed, waiting for a coordinator's approval; null when none waits. The session stays as it is meanwhile.</summary>
    public DateTime? ProposedStartsAt { get; private set; }
    public DateTime? ProposedEndsAt { get; private set; }
    public string? ProposedVenue { get; private set; }
    public string? ProposedReason { get; private set; }

    /// <summary>For EF Core, which sets the fields it reads.</summary>
    private Session() { }

    /// <summary>A session of <paramref name="course"/> with its number; sessions are created by the run (<see cref="Course.PlanSession"/>, <see cref="Course.AddSession"/>).</summary>
    internal Session(Course course, int number, DateTime startsAt, DateTime endsAt, string venue, string instructor, string topic, string? changeReason)
    {
        (Course, CourseId, SequenceNumber, StartsAt, EndsAt) = (course, course.Id, number, startsAt, endsAt);
        (Venue, Instructor, Topic, ChangeReason) = (venue, instructor, topic, changeReason);
    }

    /// <summary>The session as it stood before a move (its old day, hours and place), for a notice that says what changed; not saved.</summary>
    public Session AsItWas(DateTime startsAt, DateTime endsAt, string venue) => new()
    {
        Id = Id, CourseId = CourseId, SequenceNumber = SequenceNumber, StartsAt = startsAt, EndsAt = endsAt, Venue = venue,
        Instructor = Instructor, Topic = Topic, Status = Status,
    };

    /// <summary>
    /// The one rule of which sessions residents may see and book: those on the schedule, held or cancelled — never one
    /// still waiting for a coordinator's approval, nor one declined. For queries (with <see cref="Course.PublicSessions"/>).
    /// </summary>
    public static readonly Expression<Func<Session, bool>> Published = s => s.Status == SessionStatus.Scheduled || s.Status == SessionStatus.Cancelled;

    private static readonly Func<Session, bool> PublishedCompiled = Published.Compile();

    /// <summary>Whether residents may see the session (<see cref="Published"/>).</summary>
    public bool IsPublished => PublishedCompiled(this);

    /// <summary>
    /// Whether the session takes up its hours: on the schedule or waiting for approval (a cancelled or declined one's
    /// time is free). Two sessions of a group may not take up the same hours.
    /// </summary>
    public static Expression<Func<Session, bool>> Occupies(DateTime startsAt, DateTime endsAt) =>
        s => (s.Status == SessionStatus.Scheduled || s.Status == SessionStatus.Pending) && s.StartsAt < endsAt && startsAt < s.EndsAt;

    /// <summary>
    /// The sessions of any run of the program that take up hours overlapping these (<see cref="Occupies"/>), but the
    /// session being moved: a group's sessions are its program's, and a leader's may not meet at once with another.
    /// </summary>
    public static IQueryable<Session> OfProgramOccupying(IQueryable<Session> sessions, int programId, DateTime startsAt, DateTime endsAt, int exceptId = 0) =>
        sessions.Where(s => s.Course!.ProgramId == programId && s.Id != exceptId).Where(Occupies(startsAt, endsAt)).OrderBy(s => s.StartsAt);

    /// <summary>Whether a move proposed by the group's leader waits for approval.</summary>
    public bool HasProposal => ProposedStartsAt is not null;

    /// <summary>
    /// A session a group leader just planned waits for a coordinator's approval: nobody sees or books it until then.
    /// Only a session not yet saved, still as planned.
    /// </summary>
    public void HoldForApproval()
    {
        if (Id != 0 || Status != SessionStatus.Scheduled) throw new InvalidOperationException("Only a session just planned waits for approval.");
        Status = SessionStatus.Pending;
    }

    /// <summary>The coordinator approved the session: it is on the schedule from now on. False when it was not waiting.</summary>
    public bool Approve()
    {
        if (Status != SessionStatus.Pending) return false;
        Status = SessionStatus.Scheduled;
        DecisionNote = null;
        return true;
    }

    /// <summary>
    /// The session will not be held: declined by the coordinator, or withdrawn by the leader, with why (shown to the
    /// leader). Only a session still waiting; false otherwise.
    /// </summary>
    public bool Decline(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Status != SessionStatus.Pending) return false;
        Status = SessionStatus.Declined;
        DecisionNote = reason.Trim();
        return true;
    }

    /// <summary>
    /// A group leader proposes moving a session on the schedule: it stays as it is (residents are told nothing) until a
    /// coordinator approves the move, which is then made as any move (<see cref="Reschedule"/>). A newer proposal
    /// replaces an older one. False when the session is not on the schedule.
    /// </summary>
    public bool Propose(DateTime startsAt, DateTime endsAt, string? venue, string? reason)
    {
        if (endsAt <= startsAt) throw new ArgumentException("A session ends after it starts.", nameof(endsAt));
        if (Status != SessionStatus.Scheduled) return false;
        (ProposedStartsAt, ProposedEndsAt, ProposedVenue) = (startsAt, endsAt, venue?.Trim() ?? "");
        ProposedReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        DecisionNote = null;
        return true;
    }

    /// <summary>The coordinator declined the proposed move, saying why (shown to the leader); false when none waited.</summary>
    public bool DeclineProposal(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (!HasProposal) return false;
        ClearProposal();
        DecisionNote = reason.Trim();
        return true;
    }

    private void ClearProposal() => (ProposedStartsAt, ProposedEndsAt, ProposedVenue, ProposedReason) = (null, null, null, null);

    /// <summary>Records that a coordinator saved the session's attendance.</summary>
    public void MarkAttendanceTaken(DateTime at) => AttendanceTakenAt = at;

    /// <summary>A rule about runs (<see cref="Course.Public"/>) as a rule about their sessions, for queries of sessions.</summary>
    /// <param name="and">A rule about the session itself that must hold too (<see cref="Published"/>).</param>
    internal static Expression<Func<Session, bool>> OfCourse(Expression<Func<Course, bool>> rule, Expression<Func<Session, bool>>? and = null)
    {
        var session = Expression.Parameter(typeof(Session), "s");
        var course = Expression.Property(session, nameof(Course));
        var body = new Replace(rule.Parameters[0], course).Visit(rule.Body);
        if (and is not null) body = Expression.AndAlso(body, new Replace(and.Parameters[0], session).Visit(and.Body));
        return Expression.Lambda<Func<Session, bool>>(body, session);
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>Where the session meets: its own venue, or the course's when the session names none.</summary>
    /// <summary>
    /// Whether attendance may be marked now: from <paramref name="openBefore"/> before the start (people arriving),
    /// never earlier — a mark is what completes a course — and never on a cancelled session.
    /// </summary>
    public bool TakesMarksAt(DateTime nowUtc, TimeSpan openBefore) => Status == SessionStatus.Scheduled && nowUtc >= StartsAt - openBefore;

    public static string VenueOf(string sessionVenue, string courseVenue) => string.IsNullOrWhiteSpace(sessionVenue) ? courseVenue : sessionVenue;

    /// <summary>Where the session meets (<see cref="VenueOf"/>); needs the course loaded when the session names no venue.</summary>
    public string EffectiveVenue => !string.IsNullOrWhiteSpace(Venue) ? Venue
        : Course?.Venue ?? throw new InvalidOperationException("The session names no venue and its course is not loaded.");

    /// <summary>
    /// Sets a new time, place, instructor or topic. A new day, hour or place is news for everyone registered; a
    /// corrected topic or instructor is not.
    /// </summary>
    /// <returns>Whether residents must be told (the session is still on and its time or place changed).</returns>
    public bool Reschedule(DateTime startsAt, DateTime endsAt, string? venue, string? instructor, string? topic, string? reason, string defaultMoveReason)
    {
        if (endsAt <= startsAt) throw new ArgumentException("A session ends after it starts.", nameof(endsAt));
        var news = IsNewsFor(startsAt, endsAt, venue);
        if (!string.IsNullOrWhiteSpace(reason)) ChangeReason = reason.Trim();
        else if (startsAt != StartsAt) ChangeReason = defaultMoveReason;
        if (news) Revision++;
        // A move made supersedes any move proposed.
        ClearProposal();
        StartsAt = startsAt;
        EndsAt = endsAt;
        Venue = venue?.Trim() ?? "";
        Instructor = instructor?.Trim() ?? "";
        Topic = topic?.Trim() ?? "";
        return news;
    }

    /// <summary>Whether moving the session to this time and place is news for everyone registered (see <see cref="Reschedule"/>).</summary>
    public bool IsNewsFor(DateTime startsAt, DateTime endsAt, string? venue) =>
        Status == SessionStatus.Scheduled && (StartsAt, EndsAt, Venue) != (startsAt, endsAt, venue?.Trim() ?? "");

    /// <summary>
    /// Gives the session the next number up, because an extra session was placed before it (第3回 becomes 第4回). Its
    /// calendar entry changes name, so the revision grows and calendars take the new one.
    /// </summary>
    public void MoveDownOne()
    {
        SequenceNumber++;
        Revision++;
    }

    /// <returns>Whether this cancelled it (false when it was cancelled already).</returns>
    public bool Cancel(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Status != SessionStatus.Scheduled) return false;
        Status = SessionStatus.Cancelled;
        ClearProposal();
        ChangeReason = reason.Trim();
        Revision++;
        return true;
    }
}

/// <summary>
/// Scheduled: on the schedule. Cancelled: was on it, will not be held. Pending: planned by a group leader, waiting for a
/// coordinator's approval (nobody sees it). Declined: planned by a leader and never to be held (declined or withdrawn).
/// Everything that asks whether a session is on (reminders, bookings, rosters) asks for Scheduled.
/// </summary>
public enum SessionStatus { Scheduled, Cancelled, Pending, Declined }

public class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.Property(s => s.Venue).HasMaxLength(200);
        builder.Property(s => s.Instructor).HasMaxLength(200);
        builder.Property(s => s.Topic).HasMaxLength(400);
        builder.Property(s => s.ChangeReason).HasMaxLength(1000);
        builder.Property(s => s.DecisionNote).HasMaxLength(500);
        builder.Property(s => s.ProposedVenue).HasMaxLength(200);
        builder.Property(s => s.ProposedReason).HasMaxLength(500);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(s => s.Course).WithMany(c => c.Sessions).HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.StartsAt);
        builder.HasIndex(s => new { s.CourseId, s.SequenceNumber });
    }
}
