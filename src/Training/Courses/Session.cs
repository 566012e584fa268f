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

    /// <summary>Records that a coordinator saved the session's attendance.</summary>
    public void MarkAttendanceTaken(DateTime at) => AttendanceTakenAt = at;

    /// <summary>A rule about runs (<see cref="Course.Public"/>) as a rule about their sessions, for queries of sessions.</summary>
    internal static Expression<Func<Session, bool>> OfCourse(Expression<Func<Course, bool>> rule)
    {
        var session = Expression.Parameter(typeof(Session), "s");
        var course = Expression.Property(session, nameof(Course));
        return Expression.Lambda<Func<Session, bool>>(new Replace(rule.Parameters[0], course).Visit(rule.Body), session);
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
    public bool TakesMarksAt(DateTime nowUtc, TimeSpan openBefore) => Status != SessionStatus.Cancelled && nowUtc >= StartsAt - openBefore;

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
        if (Status == SessionStatus.Cancelled) return false;
        Status = SessionStatus.Cancelled;
        ChangeReason = reason.Trim();
        Revision++;
        return true;
    }
}

public enum SessionStatus { Scheduled, Cancelled }

public class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.Property(s => s.Venue).HasMaxLength(200);
        builder.Property(s => s.Instructor).HasMaxLength(200);
        builder.Property(s => s.Topic).HasMaxLength(400);
        builder.Property(s => s.ChangeReason).HasMaxLength(1000);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(s => s.Course).WithMany(c => c.Sessions).HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.StartsAt);
        builder.HasIndex(s => new { s.CourseId, s.SequenceNumber });
    }
}
