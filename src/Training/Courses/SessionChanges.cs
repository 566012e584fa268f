using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Notifications;
using Training.Time;

namespace Training.Courses;

/// <summary>A session's new day, hours, place, instructor or topic, as staff type them, and why it moved.</summary>
public sealed record SessionMove(DateOnly Date, TimeOnly Start, TimeOnly End, string? Venue, string? Instructor, string? Topic, string? Reason);

/// <summary>What became of changing one session.</summary>
public abstract record SessionEdit
{
    /// <param name="Moved">Whether its time or place changed, so residents were told.</param>
    public sealed record Saved(int CourseId, bool Moved, Audience Told) : SessionEdit;
    /// <summary>The change would tell people: staff see who and how, and confirm first.</summary>
    public sealed record NeedsConfirmation(Audience Audience) : SessionEdit;
    public sealed record EndsBeforeStart : SessionEdit;
    public sealed record NotFound : SessionEdit;
}

/// <summary>What became of cancelling one session.</summary>
public abstract record SessionCancellation
{
    public sealed record Cancelled(int CourseId, Audience Told) : SessionCancellation;
    public sealed record AlreadyCancelled(int CourseId) : SessionCancellation;
    public sealed record NeedsConfirmation(Audience Audience) : SessionCancellation;
    public sealed record ReasonMissing : SessionCancellation;
    public sealed record NotFound : SessionCancellation;
}

/// <summary>
/// Moves, corrects or cancels one session after its run was planned (a typhoon, an instructor taken ill). A new day,
/// hour or place, or a cancellation, is news for everyone registered: staff confirm who will be told, then the change
/// and its notices are one unit — the notices leave only once the change is committed. Audited.
/// </summary>
public class SessionChanges(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SessionChangeNotifier notifier, SiteClock clock)
{
    /// <param name="confirmed">Staff saw who will be told and said go ahead.</param>
    /// <param name="defaultMoveReason">The reason a moved session gives when staff typed none.</param>
    public async Task<SessionEdit> RescheduleAsync(int sessionId, SessionMove move, bool confirmed, string defaultMoveReason, Actor actor,
        CancellationToken cancellationToken = default)
    {
        if (move.End <= move.Start) return new SessionEdit.EndsBeforeStart();
        var current = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (current is null) return new SessionEdit.NotFound();
        var startsAt = clock.ToUtc(move.Date, move.Start);
        var endsAt = clock.ToUtc(move.Date, move.End);
        if (!confirmed && current.IsNewsFor(startsAt, endsAt, move.Venue) && await notifier.AudienceAsync(sessionId, cancellationToken) is { Total: > 0 } audience)
            return new SessionEdit.NeedsConfirmation(audience);

        return await unitOfWork.RunAsync<SessionEdit>(async ct =>
        {
            var session = await db.Sessions.Include(s => s.Course).FirstAsync(s => s.Id == sessionId, ct);
            var before = (session.StartsAt, session.EndsAt, session.Venue);
            var moved = session.Reschedule(startsAt, endsAt, move.Venue, move.Instructor, move.Topic, move.Reason, defaultMoveReason);
            await db.SaveChangesAsync(ct);
            var told = moved ? await notifier.NotifyAsync(sessionId, SessionChange.Moved, before, ct) : Audience.None;
            audit.Record(actor, moved ? AuditAction.SessionMove : AuditAction.SessionEdit, AuditTarget.Of(session, session.Course!.Title, When(before.StartsAt, before.EndsAt, "")),
                moved ? $"{When(before.StartsAt, before.EndsAt, before.Venue)} → {When(session.StartsAt, session.EndsAt, session.Venue)}; {Counts(told)}"
                    + (string.IsNullOrWhiteSpace(move.Reason) ? "" : $"; {move.Reason.Trim()}") : "");
            return new SessionEdit.Saved(session.CourseId, moved, told);
        }, cancellationToken);
    }

    /// <param name="confirmed">Staff saw who will be told and said go ahead.</param>
    public async Task<SessionCancellation> CancelAsync(int sessionId, string? reason, bool confirmed, Actor actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) return new SessionCancellation.ReasonMissing();
        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, cancellationToken)) return new SessionCancellation.NotFound();
        if (!confirmed && await notifier.AudienceAsync(sessionId, cancellationToken) is { Total: > 0 } audience)
            return new SessionCancellation.NeedsConfirmation(audience);

        return await unitOfWork.RunAsync<SessionCancellation>(async ct =>
        {
            var session = await db.Sessions.Include(s => s.Course).FirstAsync(s => s.Id == sessionId, ct);
            if (!session.Cancel(reason)) return new SessionCancellation.AlreadyCancelled(session.CourseId);
            await db.SaveChangesAsync(ct);
            var told = await notifier.NotifyAsync(sessionId, SessionChange.Cancelled, cancellationToken: ct);
            audit.Record(actor, AuditAction.SessionCancel, AuditTarget.Of(session, session.Course!.Title, PeopleDates.ShortDate(clock.ToLocal(session.StartsAt), "ja")),
                $"{reason.Trim()}; {Counts(told)}");
            return new SessionCancellation.Cancelled(session.CourseId, told);
        }, cancellationToken);
    }

    /// <summary>How many were told on each channel, as the log shows it (LINE and SMS only when used).</summary>
    private static string Counts(Audience told) =>
        $"emails={told.ByEmail}; calls={told.ByPhone}" + (told.ByLine > 0 ? $"; line={told.ByLine}" : "") + (told.BySms > 0 ? $"; sms={told.BySms}" : "");

    /// <summary>A session's time and place as the log shows it.</summary>
    private string When(DateTime start, DateTime end, string venue) =>
        $"{PeopleDates.ShortDate(clock.ToLocal(start), "ja")} {PeopleDates.TimeRange(clock.ToLocal(start), clock.ToLocal(end), "ja")} {venue}".Trim();
}
