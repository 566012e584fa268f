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
public class RegistrationService(TrainingDbContext db, PeopleDirectory people, RegistrationNotifier notifier, DatabaseWriteGate gate,
    ScheduleVersion scheduleVersion, TimeProvider time)
{
    /// <summary>Registers someone already on record.</summary>
    public async Task<RegistrationResult> RegisterAsync(int courseId, int personId, ContactChannel channel, string? staffId = null,
        CancellationToken cancellationToken = default)
    {
        using var writer = await gate.EnterAsync(db, cancellationToken);
        await using var transaction = await BeginWriteAsync(courseId, cancellationToken);
        var person = await db.People.FindAsync([personId], cancellationToken);
        if (person is null) throw new ArgumentException($"Person {personId} not found", nameof(personId));
        var result = await PlaceAsync(courseId, person, isNewPerson: false, channel, staffId, cancellationToken);
        return await FinishAsync(transaction, result, cancellationToken);
    }

    /// <summary>
    /// Registers the person a form describes, finding them or recording them first, all in one transaction: if the
    /// registration is refused (window closed, course cancelled) nothing is saved, not even the person.
    /// </summary>
    public async Task<RegistrationResult> RegisterPersonAsync(int courseId, PersonDetails details, ContactChannel channel, string? staffId = null,
        CancellationToken cancellationToken = default)
    {
        using var writer = await gate.EnterAsync(db, cancellationToken);
        await using var transaction = await BeginWriteAsync(courseId, cancellationToken);
        var (person, isNew) = await people.FindOrAddAsync(details, channel, staffId, cancellationToken);
        var result = await PlaceAsync(courseId, person, isNew, channel, staffId, cancellationToken);
        if (result.Outcome == RegistrationOutcome.AlreadyRegistered)
        {
            // A public submitter learns nothing from the answer; the person hears of it at the contact on record.
            if (staffId is null) await notifier.AlreadyRegisteredAsync(result.Registration!, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        return await FinishAsync(transaction, result with { Person = person, IsNewPerson = isNew }, cancellationToken);
    }

    private async Task<RegistrationResult> FinishAsync(IDbContextTransaction transaction, RegistrationResult result, CancellationToken cancellationToken)
    {
        if (result.Outcome is RegistrationOutcome.Confirmed or RegistrationOutcome.Waitlisted)
        {
            await transaction.CommitAsync(cancellationToken);
            scheduleVersion.Bump();
        }
        else if (result.Outcome == RegistrationOutcome.AlreadyRegistered)
        {
            // Staff may have filled gaps in the person's details, or a public submission left a contact for staff to check.
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
            return result with { Person = null };
        }
        return result;
    }

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
                Confirmed = db.Registrations.Count(r => r.CourseId == courseId && r.Status == RegistrationStatus.Confirmed),
                LastPosition = db.Registrations.Where(r => r.CourseId == courseId && r.Status == RegistrationStatus.Waitlisted).Max(r => r.WaitlistPosition),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (course is null) return new(RegistrationOutcome.CourseNotFound);

        var existing = isNewPerson ? null
            : await db.Registrations.FirstOrDefaultAsync(r => r.CourseId == courseId && r.PersonId == person.Id, cancellationToken);
        if (existing is { Status: not RegistrationStatus.Cancelled }) return new(RegistrationOutcome.AlreadyRegistered, existing);

        switch (Course.RegistrationWindowOf(course.Status, course.RegistrationOpensAt, course.RegistrationClosesAt, now, byStaff: staffId is not null))
        {
            case RegistrationWindow.Cancelled: return new(RegistrationOutcome.CourseCancelled);
            case RegistrationWindow.NotOpenYet: return new(RegistrationOutcome.NotOpenYet);
            case RegistrationWindow.Closed: return new(RegistrationOutcome.Closed);
        }

        var registration = existing ?? new Registration { CourseId = courseId, Person = person };
        registration.Channel = channel;
        registration.RegisteredAt = now;
        registration.RegisteredByStaffId = staffId;
        registration.CancelledAt = null;
        registration.CancelReason = null;
        registration.PromotedAt = null;
        var hasSeat = course.Confirmed < course.Capacity;
        registration.Status = hasSeat ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
        registration.WaitlistPosition = hasSeat ? null : (course.LastPosition ?? 0) + 1;
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

        using var writer = await gate.EnterAsync(db, cancellationToken);
        await using var transaction = await BeginWriteAsync(courseId.Value, cancellationToken);
        var registration = await db.Registrations.FirstAsync(r => r.Id == registrationId, cancellationToken);
        if (registration.Status == RegistrationStatus.Cancelled) return CancellationOutcome.AlreadyCancelled;

        var wasConfirmed = registration.Status == RegistrationStatus.Confirmed;
        registration.Status = RegistrationStatus.Cancelled;
        registration.WaitlistPosition = null;
        registration.CancelledAt = now;
        registration.CancelReason = reason;

        Registration? promoted = null;
        if (wasConfirmed)
        {
            var capacity = await db.Courses.Where(c => c.Id == registration.CourseId).Select(c => c.Capacity).FirstAsync(cancellationToken);
            var confirmed = await db.Registrations.CountAsync(r => r.CourseId == registration.CourseId && r.Status == RegistrationStatus.Confirmed && r.Id != registration.Id, cancellationToken);
            // Only the first in the queue is read: places are derived from the queue's order, so nobody is renumbered.
            promoted = confirmed < capacity
                ? await db.Registrations.Where(r => r.CourseId == registration.CourseId && r.Status == RegistrationStatus.Waitlisted && r.Id != registration.Id)
                    .OrderBy(r => r.WaitlistPosition).ThenBy(r => r.Id).FirstOrDefaultAsync(cancellationToken)
                : null;
            if (promoted is not null)
            {
                promoted.Status = RegistrationStatus.Confirmed;
                promoted.WaitlistPosition = null;
                promoted.PromotedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await notifier.CancelledAsync(registration, cancellationToken);
        if (promoted is not null) await notifier.PromotedAsync(promoted, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        scheduleVersion.Bump();
        return CancellationOutcome.Cancelled;
    }

    /// <summary>
    /// Starts the transaction that counts and takes seats. SQLite's transactions begin IMMEDIATE (one writer at a
    /// time); on PostgreSQL an advisory lock on the course serialises seat counting for that course across nodes.
    /// </summary>
    private async Task<IDbContextTransaction> BeginWriteAsync(int courseId, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockAsync(LockScope.CourseSeats, courseId, cancellationToken);
        return transaction;
    }
}
