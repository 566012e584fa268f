using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Organisations;
using Training.Time;

namespace Training.Registrations;

/// <summary>One session a booking covers, in the site's local time.</summary>
public sealed record SlipSession(int Number, DateTime Start, DateTime End, string Venue, bool Over);

/// <summary>
/// Exactly what one booking is: its number, seat or waiting place, only the sessions it covers, and the office to call.
/// What the received page shows a new resident, what staff read aloud after a phone booking, and the printed slip.
/// </summary>
public sealed record BookingSlip(int RegistrationId, int CourseId, string PersonName, string Program, string Course, ProgramKind Kind, string BookingNumber,
    RegistrationStatus Status, int? WaitingPlace, BookingSpan Span, IReadOnlyList<SlipSession> Sessions, ContactNumber Office, bool AwaitingConfirmation)
{
    /// <summary>Where the venue is, what it costs and what to bring: for someone without email, this slip is the record.</summary>
    public string VenueAddress { get; init; } = "";
    public string Fee { get; init; } = "";
    public string Belongings { get; init; } = "";

    public bool Waiting => Status == RegistrationStatus.Waitlisted;
}

public class BookingSlips(TrainingDbContext db, ContactNumbers contacts, SiteClock clock)
{
    public async Task<BookingSlip?> ForAsync(int registrationId, CancellationToken cancellationToken = default)
    {
        var registration = await db.Registrations.AsNoTracking().Include(r => r.Person).Include(r => r.Course!).ThenInclude(c => c.Program)
            .FirstOrDefaultAsync(r => r.Id == registrationId, cancellationToken);
        if (registration is null || registration.Status == RegistrationStatus.Cancelled) return null;
        var course = registration.Course!;
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == course.Id && s.Status == SessionStatus.Scheduled)
            .OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        var now = clock.UtcNow;
        var place = registration.Status == RegistrationStatus.Waitlisted
            ? (await Registration.WaitlistPlaces(db.Registrations, [registration.Id], cancellationToken)).GetValueOrDefault(registration.Id)
            : (int?)null;
        return new BookingSlip(registration.Id, course.Id, registration.Person!.FullName, course.Program!.Name, course.Title, course.Program.Kind,
            registration.BookingNumber, registration.Status, place, registration.Span,
            sessions.Where(registration.Covers).Select(s => new SlipSession(s.SequenceNumber, clock.ToLocal(s.StartsAt), clock.ToLocal(s.EndsAt),
                Session.VenueOf(s.Venue, course.Venue), s.EndsAt < now)).ToList(),
            await contacts.ForCourseAsync(db, course.Id, cancellationToken), registration.AwaitingConfirmationSince is not null)
        {
            VenueAddress = course.VenueAddress, Fee = course.Fee, Belongings = course.Belongings,
        };
    }
}
