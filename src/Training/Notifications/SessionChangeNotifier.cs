using Hangfire;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Notifications.Channels;
using Training.Registrations;
using Training.Time;

namespace Training.Notifications;

public enum SessionChange { Moved, Cancelled }

/// <summary>
/// A session moved or cancelled (a typhoon, an instructor taken ill): everyone registered hears at once, by their
/// channel (email, LINE, SMS) whatever the hour, or first on the call list; reminders that no longer apply are withdrawn. Called in the same
/// transaction as the change, so the change and its notices stand or fall together.
/// </summary>
public class SessionChangeNotifier(TrainingDbContext db, UnitOfWork unitOfWork, NoticeRouter router, NoticeSender notices, SessionMessages messages, SiteClock clock)
{
    /// <param name="previous">For a move: when and where the session was, so the notice can say what changed.</param>
    /// <remarks>One unit of work: old reminders withdrawn and the notices queued together; the outbox kicks the
    /// dispatcher once it commits, so urgent notices go out now rather than at the next minute's dispatch.</remarks>
    /// <returns>How many were told on each channel.</returns>
    public Task<Audience> NotifyAsync(int sessionId, SessionChange change, (DateTime StartsAt, DateTime EndsAt, string Venue)? previous = null,
        CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(ct => NotifyInUnitAsync(sessionId, change, previous, ct), cancellationToken);

    /// <summary>Who a change of this session would tell: everyone still registered, each on their channel or the call list.</summary>
    public async Task<Audience> AudienceAsync(int sessionId, CancellationToken cancellationToken = default)
    {
        var session = await db.Sessions.Where(s => s.Id == sessionId).Select(s => new { s.CourseId, s.SequenceNumber }).FirstAsync(cancellationToken);
        var people = await Registrants(session.CourseId, session.SequenceNumber).Select(r => r.Person!).ToListAsync(cancellationToken);
        return await router.AudienceAsync(people.OrderBy(p => p.KanaSortKey, StringComparer.Ordinal).ThenBy(p => p.Id), cancellationToken);
    }

    /// <summary>Those a change of one session concerns: of an activity booked by the session, only those booked for it.</summary>
    private IQueryable<Registration> Registrants(int courseId, int sequenceNumber) =>
        Registration.ToTell(db.Registrations.AsNoTracking(), courseId).Where(Registration.Covering(sequenceNumber));

    private async Task<Audience> NotifyInUnitAsync(int sessionId, SessionChange change, (DateTime StartsAt, DateTime EndsAt, string Venue)? previous,
        CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().Include(s => s.Course!).ThenInclude(c => c.Program)
            .Include(s => s.Course!).ThenInclude(c => c.Organisation).FirstAsync(s => s.Id == sessionId, cancellationToken);
        var course = session.Course!;
        // Pending reminders were for the old time (a move) or for nothing (a cancellation); the sweep derives new ones.
        await PendingNotices.WithdrawAsync(db, [sessionId], remindersOnly: true, cancellationToken);

        // One notice per change: the key holds what the session became, so a repeated save of the same change adds nothing.
        var stamp = change == SessionChange.Cancelled ? "cancelled" : $"{session.StartsAt.Ticks}:{StableHash(session.Venue)}";
        var template = change == SessionChange.Cancelled ? "session-cancelled" : "session-moved";
        var registrants = await Registrants(course.Id, session.SequenceNumber).ToListAsync(cancellationToken);
        var told = Audience.None;
        foreach (var registration in registrants)
        {
            var person = registration.Person!;
            var key = $"{template}:{session.Id}:{stamp}:{person.Id}";
            var model = messages.Model(person, session, course) with { Waitlisted = registration.Status == RegistrationStatus.Waitlisted, BookingNumber = registration.BookingNumber };
            if (previous is { } before)
            {
                var was = messages.Model(person, session.AsItWas(before.StartsAt, before.EndsAt, before.Venue), course);
                model = model with { PreviousDate = was.Date, PreviousDateEn = was.DateEn, PreviousTime = was.Time, PreviousVenue = was.Venue };
            }
            var sent = await notices.SendAsync(person, new Notice(key, template, model, EmailCategory.Essential, model.MyUrl, session.Id), cancellationToken: cancellationToken);
            if (sent.Queued) told = told.Plus(sent.Channel);
            if (!sent.ToCall) continue;
            if (await CallList.AddAsync(db, new CallListEntry
            {
                IdempotencyKey = key, PersonId = person.Id, SessionId = session.Id, Kind = template, Urgent = true,
                Message = change == SessionChange.Cancelled
                    ? messages.CancelledLine(session, course)
                    : $"【至急】{messages.MoveLine(session, course, previous!.Value)}",
                MessageEn = change == SessionChange.Cancelled
                    ? messages.CancelledLine(session, course, "en")
                    : messages.MoveLine(session, course, previous!.Value, "en"),
                DueOn = clock.Today, CreatedAt = clock.UtcNow,
            }, cancellationToken) > 0)
                told = told.Plus(NoticeChannel.CallList);
        }
        return told;
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash & 0x7fffffff;
    }
}
