using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Training.Courses;
using Training.Data;
using Training.People;

namespace Training.Registrations;

public enum RegistrationOutcome
{
    Confirmed,
    Waitlisted,
    AlreadyRegistered,
    CourseNotFound,
    CourseCancelled,
    NotOpenYet,
    Closed,
    /// <summary>Every session of the run is over.</summary>
    Finished,
    /// <summary>The session chosen of an activity is over, cancelled or not of this course.</summary>
    SessionNotOpen,
    /// <summary>A booking was to be extended to a session with no seat left.</summary>
    SessionFull,
}

public sealed record RegistrationResult(RegistrationOutcome Outcome, Registration? Registration = null, Person? Person = null, bool IsNewPerson = false)
{
    public bool Succeeded => Outcome is RegistrationOutcome.Confirmed or RegistrationOutcome.Waitlisted or RegistrationOutcome.AlreadyRegistered;
}

public enum CancellationOutcome { Cancelled, AlreadyCancelled, NotFound }

/// <summary>
/// Places people on courses. Seats are counted and taken inside one write transaction, so concurrent requests
/// can never overbook; the unique (course, person) index makes a double submit one registration. A freed seat
/// goes to the first person on the waiting list in the same transaction.
/// </summary>
public class RegistrationService(TrainingDbContext db, PeopleDirectory people, RegistrationNotifier notifier, UnitOfWork unitOfWork,
    TimeProvider time, Training.Audit.AuditLog audit)
{
    /// <summary>One audit row for a booking, named by its person and course (read unless the caller has them).</summary>
    private async Task AuditAsync(Training.Audit.AuditAction action, Registration registration, Actor actor, string details, CancellationToken ct, string? personName = null, string? courseTitle = null)
    {
        if (personName is null || courseTitle is null)
        {
            var names = await db.Registrations.Where(r => r.Id == registration.Id)
                .Select(r => new { r.Person!.FamilyName, r.Person.GivenName, Course = r.Course!.Program!.Name + " " + r.Course.Title }).FirstAsync(ct);
            personName ??= $"{names.FamilyName} {names.GivenName}".Trim();
            courseTitle ??= names.Course;
        }
        audit.Record(actor, action, Training.Audit.AuditTarget.OfBooking(registration.Id, registration.PersonId, personName, registration.CourseId, courseTitle),
            $"{BookingNumber.For(registration.Id)} {details}".Trim());
    }

    /// <summary>Registers someone already on record.</summary>
    public Task<RegistrationResult> RegisterAsync(int courseId, int personId, ContactChannel channel, string? staffId = null,
        CancellationToken cancellationToken = default, SessionChoice? choice = null) =>
        unitOfWork.RunAsync(async ct =>
        {
            await unitOfWork.LockAsync(LockScope.CourseSeats, courseId, ct);
            var person = await db.People.FindAsync([personId], ct);
            if (person is null) throw new ArgumentException($"Person {personId} not found", nameof(personId));
            return await PlaceAsync(courseId, person, isNewPerson: false, channel, staffId, choice, ct);
        }, KeepsChanges, cancellationToken);

    /// <summary>
    /// Registers the person a form describes, finding them or recording them first, all in one transaction: if the
    /// registration is refused (window closed, course cancelled) nothing is saved, not even the person.
    /// </summary>
    public async Task<RegistrationResult> RegisterPersonAsync(int courseId, PersonDetails details, ContactChannel channel, string? staffId = null,
        CancellationToken cancellationToken = default, SessionChoice? choice = null)
    {
        var result = await unitOfWork.RunAsync(async ct =>
        {
            await unitOfWork.LockAsync(LockScope.CourseSeats, courseId, ct);
            var (person, isNew) = await people.FindOrAddAsync(details, channel, staffId, ct);
            var placed = await PlaceAsync(courseId, person, isNew, channel, staffId, choice, ct);
            // A public submitter learns nothing from the answer; the person hears of it at the contact on record.
            if (placed.Outcome == RegistrationOutcome.AlreadyRegistered && staffId is null)
                await notifier.AlreadyRegisteredAsync(placed.Registration!, ct);
            // Someone on record without email would hear of it from nobody: the office calls them before it stands.
            if (placed.Outcome is RegistrationOutcome.Confirmed or RegistrationOutcome.Waitlisted && Registration.MustBeConfirmedByPhone(person, isNew, staffId))
            {
                placed.Registration!.HoldForConfirmation(time.GetUtcNow().UtcDateTime);
                await notifier.ToConfirmByPhoneAsync(placed.Registration, ct);
            }
            return placed with { Person = person, IsNewPerson = isNew };
        }, KeepsChanges, cancellationToken);
        return KeepsChanges(result) ? result : result with { Person = null };
    }

    /// <summary>
    /// A place taken, or someone already registered (staff may have filled gaps in the person's details, or a public
    /// submission left a contact for staff to check): kept. A refusal keeps nothing.
    /// </summary>
    private static bool KeepsChanges(RegistrationResult result) =>
        result.Outcome is RegistrationOutcome.Confirmed or RegistrationOutcome.Waitlisted or RegistrationOutcome.AlreadyRegistered;

    /// <summary>Takes a seat or a place in the queue. As little as possible is read (one query for a training course;
    /// an activity's sessions, and its bookings' sessions only once it is full somewhere) and written in one save,
    /// because this runs while holding the database's single writer slot.</summary>
    /// <param name="choice">For an open activity, the sessions booked; when none is given, the next session only.
    /// Ignored for a training course, which is booked whole.</param>
    private async Task<RegistrationResult> PlaceAsync(int courseId, Person person, bool isNewPerson, ContactChannel channel, string? staffId,
        SessionChoice? choice, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var course = await db.Courses.AsNoTracking().Where(c => c.Id == courseId)
            .Select(c => new
            {
                c.Status, c.Capacity, c.RegistrationOpensAt, c.RegistrationClosesAt, Title = c.Program!.Name + " " + c.Title,
                ByTheSession = c.Program!.Kind == ProgramKind.Activity,
                LastSessionEndsAt = db.Sessions.Where(s => s.CourseId == courseId && s.Status == SessionStatus.Scheduled).Max(s => (DateTime?)s.EndsAt),
                LastPosition = db.Registrations.Where(r => r.CourseId == courseId && r.Status == RegistrationStatus.Waitlisted).Max(r => r.WaitlistPosition),
                Confirmed = db.Registrations.Count(r => r.CourseId == courseId && r.Status == RegistrationStatus.Confirmed),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (course is null) return new(RegistrationOutcome.CourseNotFound);
        var upcoming = course.ByTheSession ? await UpcomingAsync(courseId, now, cancellationToken) : [];

        if (course.ByTheSession)
        {
            choice ??= upcoming.Count > 0 ? new SessionChoice(upcoming[0], EveryTime: false) : null;
            if (choice is not null && !upcoming.Contains(choice.FromSession)) return new(RegistrationOutcome.SessionNotOpen);
        }
        else choice = null;

        var existing = isNewPerson ? null
            : await db.Registrations.FirstOrDefaultAsync(r => r.CourseId == courseId && r.PersonId == person.Id, cancellationToken);
        // A booking of an activity whose sessions are all over may be made again for later ones; otherwise one is enough.
        var rebooking = existing is { IsActive: true, UntilSession: { } until } && choice is not null && upcoming.All(n => n > until);
        if (existing is { Status: not RegistrationStatus.Cancelled } && !rebooking) return new(RegistrationOutcome.AlreadyRegistered, existing);

        switch (Course.RegistrationWindowOf(course.Status, course.RegistrationOpensAt, course.RegistrationClosesAt, course.LastSessionEndsAt, now, byStaff: staffId is not null))
        {
            case RegistrationWindow.Finished: return new(RegistrationOutcome.Finished);
            case RegistrationWindow.Cancelled: return new(RegistrationOutcome.CourseCancelled);
            case RegistrationWindow.NotOpenYet: return new(RegistrationOutcome.NotOpenYet);
            case RegistrationWindow.Closed: return new(RegistrationOutcome.Closed);
        }

        var registration = existing ?? Registration.Of(person, courseId);
        // No session can hold more bookings than the course has in all: fewer than the seats needs no closer look.
        var othersConfirmed = course.Confirmed - (existing is { Status: RegistrationStatus.Confirmed } ? 1 : 0);
        var hasSeat = othersConfirmed < course.Capacity
            || (choice is not null && Registration.HasSeat(
                (await ConfirmedAsync(courseId, cancellationToken)).Where(r => r.PersonId != person.Id).Select(r => (r.From, r.Until)).ToList(),
                upcoming, choice.FromSession, choice.EveryTime ? null : choice.FromSession, course.Capacity));
        registration.Place(hasSeat, course.LastPosition, channel, staffId, now, choice);
        if (existing is null) db.Registrations.Add(registration);
        await db.SaveChangesAsync(cancellationToken);
        // A walk-in is recorded by attendance as one row with its mark.
        if (channel != ContactChannel.WalkIn)
            await AuditAsync(Training.Audit.AuditAction.Registration, registration, Actor.StaffOrResident(staffId), $"{(hasSeat ? "confirmed" : "waitlisted")} {channel}", cancellationToken,
                person.FullName, course.Title);
        await notifier.RegisteredAsync(registration, cancellationToken);

        return new(hasSeat ? RegistrationOutcome.Confirmed : RegistrationOutcome.Waitlisted, registration);
    }

    /// <summary>
    /// Extends a confirmed booking of one session of an activity from the resident's page: to the next session too, or
    /// to every session from now on. A booking whose day is over moves on to the next session instead. The seats of the
    /// sessions added are checked; a full one is refused (the resident may book it on the waiting list, or call).
    /// </summary>
    public Task<RegistrationOutcome> ExtendAsync(int registrationId, bool everyTime, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var courseId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => r.CourseId).FirstAsync(ct);
            await unitOfWork.LockAsync(LockScope.CourseSeats, courseId, ct);
            var registration = await db.Registrations.FirstAsync(r => r.Id == registrationId, ct);
            if (registration is not { Status: RegistrationStatus.Confirmed, UntilSession: { } until }) return RegistrationOutcome.AlreadyRegistered;
            var now = time.GetUtcNow().UtcDateTime;
            var (upcoming, confirmed) = await SeatsAsync(courseId, now, ct);
            var next = upcoming.Where(n => n > until).Select(n => (int?)n).FirstOrDefault();
            if (next is null) return RegistrationOutcome.SessionNotOpen;
            var capacity = await db.Courses.Where(c => c.Id == courseId).Select(c => c.Capacity).FirstAsync(ct);
            var others = confirmed.Where(r => r.Id != registration.Id).Select(r => (r.From, r.Until)).ToList();
            if (!Registration.HasSeat(others, upcoming, next, everyTime ? null : next, capacity)) return RegistrationOutcome.SessionFull;
            registration.ExtendTo(next.Value, everyTime, upcoming);
            await db.SaveChangesAsync(ct);
            await AuditAsync(Training.Audit.AuditAction.RegistrationExtend, registration, Actor.Resident, everyTime ? $"from {next} on" : $"session {next}", ct);
            await notifier.ExtendedAsync(registration, now, ct);
            return RegistrationOutcome.Confirmed;
        }, cancellationToken);

    /// <summary>
    /// The first person waiting who now has a seat: for a training course the head of the queue once a seat is free;
    /// for an activity, the first whose sessions all have room (someone waiting for December is not held up by
    /// someone waiting for a full January).
    /// </summary>
    /// <param name="stillSeated">The freeing booking keeps its earlier sessions (stopped from a date, not cancelled): its seats count.</param>
    private async Task<Registration?> FirstWhoFitsAsync(Registration freed, DateTime now, CancellationToken ct, bool stillSeated = false)
    {
        var capacity = await db.Courses.Where(c => c.Id == freed.CourseId).Select(c => c.Capacity).FirstAsync(ct);
        var (upcoming, seated) = await SeatsAsync(freed.CourseId, now, ct);
        var confirmed = seated.Where(r => stillSeated || r.Id != freed.Id).Select(r => (r.From, r.Until)).ToList();
        // Only the head is read for a whole-course queue: places are derived from the queue's order, so nobody is renumbered.
        var queue = Registration.WaitingQueue(db.Registrations, freed.CourseId);
        var candidates = freed.FromSession is null ? await queue.Take(1).ToListAsync(ct) : await queue.ToListAsync(ct);
        return candidates.FirstOrDefault(w => Registration.HasSeat(confirmed, upcoming, w.FromSession, w.UntilSession, capacity));
    }

    /// <summary>The numbers of the sessions still to come, in order.</summary>
    private Task<List<int>> UpcomingAsync(int courseId, DateTime now, CancellationToken ct) =>
        db.Sessions.Where(s => s.CourseId == courseId && s.Status == SessionStatus.Scheduled && s.EndsAt > now)
            .OrderBy(s => s.SequenceNumber).Select(s => s.SequenceNumber).ToListAsync(ct);

    /// <summary>The numbers of the sessions still to come and the confirmed bookings with the sessions they cover.</summary>
    private async Task<(List<int> Upcoming, List<(int Id, int PersonId, int? From, int? Until)> Confirmed)> SeatsAsync(int courseId, DateTime now,
        CancellationToken ct) => (await UpcomingAsync(courseId, now, ct), await ConfirmedAsync(courseId, ct));

    /// <summary>The confirmed bookings of a course with the sessions they cover.</summary>
    private async Task<List<(int Id, int PersonId, int? From, int? Until)>> ConfirmedAsync(int courseId, CancellationToken ct) =>
        (await db.Registrations.Where(r => r.CourseId == courseId && r.Status == RegistrationStatus.Confirmed)
            .Select(r => new { r.Id, r.PersonId, r.FromSession, r.UntilSession }).ToListAsync(ct))
        .Select(r => (r.Id, r.PersonId, r.FromSession, r.UntilSession)).ToList();

    /// <summary>
    /// The office reached the person and they did make the booking held for confirmation: it stands, the call is done,
    /// and the confirmation is audited. False when there was nothing to confirm.
    /// </summary>
    public Task<bool> ConfirmByPhoneAsync(int registrationId, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var registration = await db.Registrations.FirstOrDefaultAsync(r => r.Id == registrationId, ct);
            if (registration is null || !registration.ConfirmByPhone()) return false;
            await notifier.CloseConfirmationCallAsync(registration, actor.StaffUserId, ct);
            await AuditAsync(Training.Audit.AuditAction.BookingConfirmedByPhone, registration, actor, "", ct);
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);

    /// <summary>Cancels a place. A freed confirmed seat is given to the first person waiting, once, and they are told.</summary>
    /// <summary>
    /// A resident stops coming to a club from a chosen session on, keeping the ones before it. Seats from then on go to
    /// whoever waits for them, and the resident gets the confirmation again listing what they still have.
    /// </summary>
    /// <returns>False when that would keep nothing or drop nothing (the page offers cancelling instead).</returns>
    public Task<bool> StopFromAsync(int registrationId, int firstDropped, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var courseId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => r.CourseId).FirstAsync(ct);
            await unitOfWork.LockAsync(LockScope.CourseSeats, courseId, ct);
            var registration = await db.Registrations.FirstAsync(r => r.Id == registrationId, ct);
            var now = time.GetUtcNow().UtcDateTime;
            var upcoming = await UpcomingAsync(courseId, now, ct);
            // Something still to come must stay booked; otherwise it is a cancellation.
            if (!upcoming.Any(n => n < firstDropped && registration.Covers(n)) || !registration.StopFrom(firstDropped)) return false;
            await db.SaveChangesAsync(ct);
            await AuditAsync(Training.Audit.AuditAction.RegistrationStop, registration, Actor.Resident, $"from {firstDropped} on", ct);
            // Seats freed from then on: as many people waiting as now fit take them, first come first.
            for (var promoted = await FirstWhoFitsAsync(registration, now, ct, stillSeated: true); promoted is not null;
                 promoted = await FirstWhoFitsAsync(registration, now, ct, stillSeated: true))
            {
                promoted.Promote(now);
                await db.SaveChangesAsync(ct);
                await notifier.PromotedAsync(promoted, ct);
            }
            await notifier.ExtendedAsync(registration, now, ct);
            return true;
        }, cancellationToken);

    public async Task<CancellationOutcome> CancelAsync(int registrationId, string? reason, string? staffId = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var courseId = await db.Registrations.Where(r => r.Id == registrationId).Select(r => (int?)r.CourseId).FirstOrDefaultAsync(cancellationToken);
        if (courseId is null) return CancellationOutcome.NotFound;

        return await unitOfWork.RunAsync(async ct =>
        {
        await unitOfWork.LockAsync(LockScope.CourseSeats, courseId.Value, ct);
        var registration = await db.Registrations.FirstAsync(r => r.Id == registrationId, ct);
        if (registration.Status == RegistrationStatus.Cancelled) return CancellationOutcome.AlreadyCancelled;

        Registration? promoted = null;
        if (registration.Cancel(reason, now))
        {
            promoted = await FirstWhoFitsAsync(registration, now, ct);
            promoted?.Promote(now);
        }

        await db.SaveChangesAsync(ct);
        await AuditAsync(Training.Audit.AuditAction.RegistrationCancel, registration, Actor.StaffOrResident(staffId),
            (reason ?? "").Trim() + (promoted is null ? "" : $" → promoted {BookingNumber.For(promoted.Id)}"), ct);
        await notifier.CancelledAsync(registration, ct);
        await notifier.CloseConfirmationCallAsync(registration, staffId, ct);
        if (promoted is not null) await notifier.PromotedAsync(promoted, ct);
        return CancellationOutcome.Cancelled;
        }, cancellationToken);
    }
}
