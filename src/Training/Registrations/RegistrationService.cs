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
public class RegistrationService(TrainingDbContext db, PeopleDirectory people, RegistrationNotifier notifier, UnitOfWork unitOfWork, TimeProvider time)
{
    /// <summary>Registers someone already on record.</summary>
    public Task<RegistrationResult> RegisterAsync(int courseId, int personId, ContactChannel channel, string? staffId = null,
        CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            await unitOfWork.LockAsync(LockScope.CourseSeats, courseId, ct);
            var person = await db.People.FindAsync([personId], ct);
            if (person is null) throw new ArgumentException($"Person {personId} not found", nameof(personId));
            return await PlaceAsync(courseId, person, isNewPerson: false, channel, staffId, ct);
        }, KeepsChanges, cancellationToken);

    /// <summary>
    /// Registers the person a form describes, finding them or recording them first, all in one transaction: if the
    /// registration is refused (window closed, course cancelled) nothing is saved, not even the person.
    /// </summary>
    public async Task<RegistrationResult> RegisterPersonAsync(int courseId, PersonDetails details, ContactChannel channel, string? staffId = null,
        CancellationToken cancellationToken = default)
    {
        var result = await unitOfWork.RunAsync(async ct =>
        {
            await unitOfWork.LockAsync(LockScope.CourseSeats, courseId, ct);
            var (person, isNew) = await people.FindOrAddAsync(details, channel, staffId, ct);
            var placed = await PlaceAsync(courseId, person, isNew, channel, staffId, ct);
            // A public submitter learns nothing from the answer; the person hears of it at the contact on record.
            if (placed.Outcome == RegistrationOutcome.AlreadyRegistered && staffId is null)
                await notifier.AlreadyRegisteredAsync(placed.Registration!, ct);
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

    /// <summary>Takes a seat or a place in the queue. Everything is read in one query and written in one save,
    /// because this runs while holding the database's single writer slot.</summary>
    private async Task<RegistrationResult> PlaceAsync(int courseId, Person person, bool isNewPerson, ContactChannel channel, string? staffId,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var course = await db.Courses.AsNoTracking().Where(c => c.Id == courseId)
            .Select(c => new
            {
                c.Status, c.Capacity, c.RegistrationOpensAt, c.RegistrationClosesAt,
                LastSessionEndsAt = db.Sessions.Where(s => s.CourseId == courseId && s.Status == SessionStatus.Scheduled).Max(s => (DateTime?)s.EndsAt),
                Confirmed = db.Registrations.Count(r => r.CourseId == courseId && r.Status == RegistrationStatus.Confirmed),
                LastPosition = db.Registrations.Where(r => r.CourseId == courseId && r.Status == RegistrationStatus.Waitlisted).Max(r => r.WaitlistPosition),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (course is null) return new(RegistrationOutcome.CourseNotFound);

        var existing = isNewPerson ? null
            : await db.Registrations.FirstOrDefaultAsync(r => r.CourseId == courseId && r.PersonId == person.Id, cancellationToken);
        if (existing is { Status: not RegistrationStatus.Cancelled }) return new(RegistrationOutcome.AlreadyRegistered, existing);

        switch (Course.RegistrationWindowOf(course.Status, course.RegistrationOpensAt, course.RegistrationClosesAt, course.LastSessionEndsAt, now, byStaff: staffId is not null))
        {
            case RegistrationWindow.Finished: return new(RegistrationOutcome.Finished);
            case RegistrationWindow.Cancelled: return new(RegistrationOutcome.CourseCancelled);
            case RegistrationWindow.NotOpenYet: return new(RegistrationOutcome.NotOpenYet);
            case RegistrationWindow.Closed: return new(RegistrationOutcome.Closed);
        }

        var registration = existing ?? new Registration { CourseId = courseId, Person = person };
        var hasSeat = course.Confirmed < course.Capacity;
        registration.Place(hasSeat, course.LastPosition, channel, staffId, now);
        if (existing is null) db.Registrations.Add(registration);
        await db.SaveChangesAsync(cancellationToken);
        await notifier.RegisteredAsync(registration, cancellationToken);

        return new(hasSeat ? RegistrationOutcome.Confirmed : RegistrationOutcome.Waitlisted, registration);
    }

    /// <summary>Cancels a place. A freed confirmed seat is given to the first person waiting, once, and they are told.</summary>
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
            var capacity = await db.Courses.Where(c => c.Id == registration.CourseId).Select(c => c.Capacity).FirstAsync(ct);
            var confirmed = await db.Registrations.CountAsync(r => r.CourseId == registration.CourseId && r.Status == RegistrationStatus.Confirmed && r.Id != registration.Id, ct);
            // Only the first in the queue is read: places are derived from the queue's order, so nobody is renumbered.
            promoted = confirmed < capacity
                ? await Registration.WaitingQueue(db.Registrations, registration.CourseId).FirstOrDefaultAsync(ct)
                : null;
            promoted?.Promote(now);
        }

        await db.SaveChangesAsync(ct);
        await notifier.CancelledAsync(registration, ct);
        if (promoted is not null) await notifier.PromotedAsync(promoted, ct);
        return CancellationOutcome.Cancelled;
        }, cancellationToken);
    }
}
