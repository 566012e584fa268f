using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Courses;
using Training.People;

namespace Training.Registrations;

/// <summary>A person's place on a course: confirmed, waiting, or cancelled.</summary>
public class Registration
{
    /// <summary>For EF Core; a registration is made by <see cref="Of(Person, int)"/> and its overloads, then placed.</summary>
    private Registration() { }

    private Registration(int courseId, Course? course, int personId, Person? person)
    {
        CourseId = course?.Id is > 0 ? course.Id : courseId;
        Course = course;
        PersonId = person?.Id is > 0 ? person.Id : personId;
        Person = person;
    }

    /// <summary>
    /// The person's registration for a course, not yet placed: <see cref="Place"/> gives it a seat or a queue number
    /// before it is saved. (Unplaced, it only stands for the pair, e.g. a visitor's row on an attendance grid.)
    /// </summary>
    public static Registration Of(Person person, int courseId) => new(courseId, null, person.Id, person);
    public static Registration Of(Person person, Course course) => new(course.Id, course, person.Id, person);
    public static Registration Of(int personId, int courseId) => new(courseId, null, personId, null);

    /// <summary>Marks a new registration as the import's, so an unfinished import can take it back.</summary>
    public Registration MadeByImport(int batchId)
    {
        if (Id != 0) throw new InvalidOperationException("Only a new registration comes from an import.");
        ImportBatchId = batchId;
        return this;
    }

    public int Id { get; private set; }
    public int CourseId { get; private set; }
    public Course? Course { get; private set; }
    public int PersonId { get; private set; }
    public Person? Person { get; private set; }
    public RegistrationStatus Status { get; private set; }
    /// <summary>
    /// The queue number taken on joining the waiting list: it orders the list and is never renumbered, so a
    /// cancellation costs the same however long the list is. The place a person is told (1, 2, 3 …) is derived from it
    /// (<see cref="WaitlistPlaces"/>).
    /// </summary>
    public int? WaitlistPosition { get; private set; }

    /// <summary>Each waitlisted registration's place in its course's queue, counted from 1, by one query.</summary>
    public static async Task<Dictionary<int, int>> WaitlistPlaces(IQueryable<Registration> registrations, IEnumerable<int> ids, CancellationToken cancellationToken = default)
    {
        var wanted = ids.Distinct().ToList();
        var places = await registrations.Where(r => wanted.Contains(r.Id) && r.Status == RegistrationStatus.Waitlisted)
            .Select(r => new
            {
                r.Id,
                Place = registrations.Count(w => w.CourseId == r.CourseId && w.Status == RegistrationStatus.Waitlisted && w.WaitlistPosition <= r.WaitlistPosition),
            })
            .ToListAsync(cancellationToken);
        return places.ToDictionary(p => p.Id, p => p.Place);
    }
    public ContactChannel Channel { get; private set; }
    public DateTime RegisteredAt { get; private set; }
    public string? RegisteredByStaffId { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public string? CancelReason { get; private set; }
    public DateTime? PromotedAt { get; private set; }
    /// <summary>The import that made this registration, while it may still be taken back.</summary>
    public int? ImportBatchId { get; private set; }

    public bool IsActive => Status != RegistrationStatus.Cancelled;

    /// <summary>
    /// Set when the public form booked someone already on record who has no email: nobody has told them, and anyone
    /// who knows a name and phone can fill in the form, so the place is held until the office confirms with them by phone.
    /// </summary>
    public DateTime? AwaitingConfirmationSince { get; private set; }
    public bool AwaitsConfirmation => AwaitingConfirmationSince is not null && IsActive;

    /// <summary>Whether a public booking for this person must wait for the office's call: they are on record and have no email.</summary>
    public static bool MustBeConfirmedByPhone(Person person, bool isNewPerson, string? staffId) => staffId is null && !isNewPerson && !person.HasEmail;

    public void HoldForConfirmation(DateTime now) => AwaitingConfirmationSince ??= now;

    /// <summary>The office reached the person, who did make this booking.</summary>
    public bool ConfirmByPhone()
    {
        if (!AwaitsConfirmation) return false;
        AwaitingConfirmationSince = null;
        return true;
    }

    /// <summary>
    /// An open activity (a monthly club, a salon) is booked by the session, not for the whole year: the booking covers
    /// the sessions numbered from here (<see cref="Session.SequenceNumber"/>, which a move does not change). Null for a
    /// training course, which is booked whole.
    /// </summary>
    public int? FromSession { get; private set; }
    /// <summary>The last session number covered: the same as <see cref="FromSession"/> for one session; null for every
    /// session until the resident stops.</summary>
    public int? UntilSession { get; private set; }

    /// <summary>Whether this booking is for the session numbered so (it may be cancelled; see <see cref="IsActive"/>).</summary>
    public bool Covers(int sequenceNumber) => Covers(FromSession, UntilSession, sequenceNumber);

    public bool Covers(Session session) => Covers(session.SequenceNumber);

    public static bool Covers(int? from, int? until, int sequenceNumber) =>
        (from is null || sequenceNumber >= from) && (until is null || sequenceNumber <= until);

    /// <summary>The same rule for a query: bookings covering the session numbered so.</summary>
    public static Expression<Func<Registration, bool>> Covering(int sequenceNumber) =>
        r => (r.FromSession == null || r.FromSession <= sequenceNumber) && (r.UntilSession == null || r.UntilSession >= sequenceNumber);

    /// <summary>Whether the booking is for one session of an activity, or from one session on until stopped.</summary>
    public BookingSpan Span => FromSession is null ? BookingSpan.WholeCourse
        : UntilSession == FromSession ? BookingSpan.OneSession : UntilSession is null ? BookingSpan.FromSessionOn : BookingSpan.FromUntil;

    /// <summary>
    /// Whether there is a seat for sessions numbered <paramref name="from"/>–<paramref name="until"/> among
    /// <paramref name="sessions"/> (those still to come): each may hold <paramref name="capacity"/> confirmed bookings
    /// covering it. With no session left to count (a run without dates yet) the bookings themselves are counted.
    /// A training course's bookings cover every session, so this is "fewer confirmed than seats" for them.
    /// </summary>
    public static bool HasSeat(IReadOnlyCollection<(int? From, int? Until)> confirmed, IEnumerable<int> sessions, int? from, int? until, int capacity)
    {
        var covered = sessions.Where(n => Covers(from, until, n)).ToList();
        if (covered.Count == 0) return confirmed.Count < capacity;
        return covered.All(n => confirmed.Count(c => Covers(c.From, c.Until, n)) < capacity);
    }

    /// <summary>The number the resident quotes on the phone (<see cref="Registrations.BookingNumber"/>).</summary>
    public string BookingNumber => Registrations.BookingNumber.For(Id);

    /// <summary>
    /// Takes a seat, or the next queue number when the course is full (<paramref name="lastQueueNumber"/> is the
    /// course's highest), for the whole run or, for an activity, the sessions <paramref name="choice"/> names. A cancelled
    /// registration taken again starts afresh, and so does a booking by the session for sessions after those it had.
    /// </summary>
    public void Place(bool hasSeat, int? lastQueueNumber, ContactChannel channel, string? staffId, DateTime now, SessionChoice? choice = null)
    {
        if (IsActive && Id != 0 && !(choice is not null && UntilSession < choice.FromSession))
            throw new InvalidOperationException("This registration already holds a place.");
        FromSession = choice?.FromSession;
        UntilSession = choice is { EveryTime: false } ? choice.FromSession : null;
        Channel = channel;
        RegisteredAt = now;
        RegisteredByStaffId = staffId;
        CancelledAt = null;
        CancelReason = null;
        PromotedAt = null;
        Status = hasSeat ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
        WaitlistPosition = hasSeat ? null : (lastQueueNumber ?? 0) + 1;
    }

    /// <returns>Whether this freed a confirmed seat, which goes to the first person waiting.</returns>
    public bool Cancel(string? reason, DateTime now)
    {
        if (!IsActive) throw new InvalidOperationException("This registration is already cancelled.");
        var freedSeat = Status == RegistrationStatus.Confirmed;
        Status = RegistrationStatus.Cancelled;
        WaitlistPosition = null;
        CancelledAt = now;
        CancelReason = reason;
        return freedSeat;
    }

    /// <summary>
    /// "Stop from this date": a booking of a club from one session on keeps the sessions before <paramref name="firstDropped"/>
    /// and ends there. Refused (false) when that would leave nothing booked (that is a cancellation) or drop nothing.
    /// </summary>
    /// <returns>Whether the booking now ends earlier (seats from then on are free for those waiting).</returns>
    public bool StopFrom(int firstDropped)
    {
        if (!IsActive || FromSession is not { } from || firstDropped <= from) return false;
        if (UntilSession is { } until && until < firstDropped) return false;
        UntilSession = firstDropped - 1;
        return true;
    }

    /// <summary>
    /// Extends a confirmed booking of one session of an activity to the session numbered <paramref name="next"/>, or to
    /// every one from there on. A booking with nothing left among <paramref name="upcoming"/> (its day is over) moves on
    /// to that session rather than stretching over the sessions between. Seats are the caller's to check.
    /// </summary>
    public void ExtendTo(int next, bool everyTime, IReadOnlyCollection<int> upcoming)
    {
        if (Status != RegistrationStatus.Confirmed || UntilSession is not { } until || next <= until)
            throw new InvalidOperationException("Only a confirmed booking of sessions up to an earlier one can be extended.");
        if (!upcoming.Any(Covers)) FromSession = next;
        UntilSession = everyTime ? null : next;
    }

    /// <summary>The person's record was merged into another: the registration is now the kept record's.</summary>
    public void MergedInto(int keptPersonId) => PersonId = keptPersonId;

    /// <summary>
    /// The sessions numbered from <paramref name="firstMoved"/> on moved down one (an extra session was placed before
    /// them): the booking keeps the same days. A booking running on past that point (every time, or up to a later one)
    /// now also covers the new session, as it covers every session in its span.
    /// </summary>
    public void SessionsMovedDown(int firstMoved)
    {
        if (FromSession >= firstMoved) FromSession++;
        if (UntilSession >= firstMoved) UntilSession++;
    }

    /// <summary>The first person waiting takes a freed seat.</summary>
    public void Promote(DateTime now)
    {
        if (Status != RegistrationStatus.Waitlisted) throw new InvalidOperationException("Only a waiting registration can be promoted.");
        Status = RegistrationStatus.Confirmed;
        WaitlistPosition = null;
        PromotedAt = now;
    }

    /// <summary>The waiting list in the order seats are offered: queue number, then who came first.</summary>
    public static IQueryable<Registration> WaitingQueue(IQueryable<Registration> registrations, int courseId) =>
        registrations.Where(r => r.CourseId == courseId && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.WaitlistPosition).ThenBy(r => r.Id);

    /// <summary>
    /// Who was booked for a session: a confirmed place taken (registered, or promoted from the waiting list) before
    /// the session ended. Someone who booked later cannot have been expected there, so is not on its roster and is
    /// not marked present with the rest; a coordinator may still add them as a walk-in on purpose.
    /// </summary>
    /// <summary>
    /// Everyone a session's roster and sign-in sheet list: confirmed for it, whenever booked — a paper form typed in
    /// after the session is there to be recorded (shown as booked after it, see <see cref="BookedAfter"/>).
    /// </summary>
    public static IQueryable<Registration> OnRosterOf(IQueryable<Registration> registrations, Session session) =>
        registrations.Where(r => r.CourseId == session.CourseId && r.Status == RegistrationStatus.Confirmed).Where(Covering(session.SequenceNumber));

    /// <summary>Booked (or given a seat) only after the session had ended: on its roster, but never marked in bulk.</summary>
    public bool BookedAfter(Session session) => (PromotedAt ?? RegisteredAt) >= session.EndsAt;

    public static IQueryable<Registration> BookedFor(IQueryable<Registration> registrations, Session session) =>
        registrations.Where(r => r.CourseId == session.CourseId && r.Status == RegistrationStatus.Confirmed
            && (r.PromotedAt ?? r.RegisteredAt) < session.EndsAt).Where(Covering(session.SequenceNumber));

    /// <summary>Everyone a notice about the course is for: still registered (waiting too), with their person loaded.</summary>
    public static IQueryable<Registration> ToTell(IQueryable<Registration> registrations, int courseId) =>
        registrations.Include(r => r.Person)
            .Where(r => r.CourseId == courseId && r.Status != RegistrationStatus.Cancelled && r.Person!.AnonymisedAt == null);
}

public enum RegistrationStatus { Confirmed, Waitlisted, Cancelled }

/// <remarks><c>FromUntil</c>: a run of sessions with an end (extended to the next one, or stopped from a chosen day).</remarks>
public enum BookingSpan { WholeCourse, OneSession, FromSessionOn, FromUntil }

/// <summary>What a resident books of an open activity: the session numbered so, and that one only or every one after it too.</summary>
public sealed record SessionChoice(int FromSession, bool EveryTime);

public class RegistrationConfiguration : IEntityTypeConfiguration<Registration>
{
    public void Configure(EntityTypeBuilder<Registration> builder)
    {
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.RegisteredByStaffId).HasMaxLength(450);
        builder.Property(r => r.CancelReason).HasMaxLength(1000);
        builder.HasOne(r => r.Course).WithMany().HasForeignKey(r => r.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        // One registration per person and course: a double submit cannot create a second one.
        builder.HasIndex(r => new { r.CourseId, r.PersonId }).IsUnique();
        builder.HasIndex(r => new { r.CourseId, r.Status, r.WaitlistPosition });
        builder.HasIndex(r => r.ImportBatchId);
    }
}
