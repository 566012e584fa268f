using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Notifications;

/// <summary>What became of recording a call.</summary>
public abstract record CallAttemptResult
{
    /// <param name="PersonName">Who was called, for the page's message.</param>
    public sealed record Recorded(CallOutcome Outcome, string PersonName, DateTime? CallBackAt) : CallAttemptResult;
    /// <summary>Nothing recorded; the message says why (<see cref="CallAttempt.Messages"/>).</summary>
    public sealed record Refused(string Message) : CallAttemptResult;
    public sealed record NotFound : CallAttemptResult;
}

/// <summary>A person whose phone number a call found wrong (番号違い), still on record, for staff to correct.</summary>
public sealed record PhoneToCheck(int PersonId, string Name, string Kana, string? Phone, DateTime FlaggedAt, string? StaffUserId, string? Note);

/// <summary>
/// The calls made from the call list: each attempt recorded with its outcome on its entry (<see cref="CallListEntry.Record"/>),
/// a mistaken 済 or 番号違い taken back, and phones marked 番号違い listed until corrected or confirmed. Each change is
/// audited. A coordinator reaches the calls for people of their areas and about courses of their areas.
/// </summary>
public class CallAttempts(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock)
{
    /// <summary>The entries a staff member of these areas sees (none: every area): for people of the areas, or about their courses.</summary>
    public IQueryable<CallListEntry> VisibleTo(IQueryable<CallListEntry> query, IReadOnlyList<int> areas)
    {
        if (areas.Count == 0) return query;
        return query.Where(c => (c.Person!.AreaId != null && areas.Contains(c.Person.AreaId.Value))
            || db.Sessions.Any(s => s.Id == c.SessionId && s.Course!.AreaId != null && areas.Contains(s.Course.AreaId.Value))
            || db.Courses.Any(k => k.Id == c.CourseId && k.AreaId != null && areas.Contains(k.AreaId.Value)));
    }

    /// <summary>Records one call for an open entry. <paramref name="callBackAt"/> (UTC) is for 不在 only and must be to come.</summary>
    public Task<CallAttemptResult> RecordAsync(long entryId, CallOutcome outcome, DateTime? callBackAt, string? note, IReadOnlyList<int> areas, Actor actor,
        CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync<CallAttemptResult>(async ct =>
        {
            var entry = await VisibleTo(db.CallList.Include(c => c.Person), areas).FirstOrDefaultAsync(c => c.Id == entryId, ct);
            if (entry is null) return new CallAttemptResult.NotFound();
            var now = clock.UtcNow;
            if (entry.Refusal(outcome, callBackAt, note, now) is { } refusal) return new CallAttemptResult.Refused(refusal);
            var person = entry.Person!;
            DateOnly? callBackOn = callBackAt is { } at ? DateOnly.FromDateTime(clock.ToLocal(at)) : null;
            var attempt = entry.Record(outcome, callBackAt, callBackOn, note, actor.StaffUserId, person.PhoneDigits, now);
            var details = CallAttempt.Label(outcome)
                + (attempt.CallBackAt is { } back ? $"（かけ直し：{PeopleDates.DateTime(clock.ToLocal(back), "ja")}）" : "")
                + (outcome == CallOutcome.WrongNumber ? $"（{person.Phone}）" : "")
                + $"：{Short(entry.Message)}" + (attempt.Note is { } n ? $"／メモ：{n}" : "");
            audit.Record(actor, AuditAction.CallAttempt, await TargetAsync(entry, person, ct), details);
            return new CallAttemptResult.Recorded(outcome, person.FullName, attempt.CallBackAt);
        }, result => result is CallAttemptResult.Recorded, cancellationToken);

    /// <summary>Opens a call closed by mistake again, withdrawing the 済 or 番号違い that closed it.</summary>
    public Task<CallAttemptResult> ReopenAsync(long entryId, IReadOnlyList<int> areas, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync<CallAttemptResult>(async ct =>
        {
            var entry = await VisibleTo(db.CallList.Include(c => c.Person).Include(c => c.Attempts), areas).FirstOrDefaultAsync(c => c.Id == entryId, ct);
            if (entry is null) return new CallAttemptResult.NotFound();
            if (entry.DoneAt is null || entry.Cancelled) return new CallAttemptResult.Refused(CallAttempt.Messages.AlreadyClosed);
            var withdrawn = entry.Reopen();
            if (withdrawn is not null) db.CallAttempts.Remove(withdrawn);
            audit.Record(actor, AuditAction.CallAttemptUndone, await TargetAsync(entry, entry.Person!, ct),
                $"{(withdrawn is null ? "済" : CallAttempt.Label(withdrawn.Outcome))}を取り消し：{Short(entry.Message)}");
            return new CallAttemptResult.Recorded(withdrawn?.Outcome ?? CallOutcome.Reached, entry.Person!.FullName, null);
        }, result => result is CallAttemptResult.Recorded, cancellationToken);

    /// <summary>
    /// Phones marked 番号違い that are still the number on record and not confirmed since, newest first: of one person, or
    /// of everyone whose calls these areas see.
    /// </summary>
    public async Task<IReadOnlyList<PhoneToCheck>> PhonesToCheckAsync(IReadOnlyList<int> areas, int? personId = null, CancellationToken cancellationToken = default)
    {
        var entries = VisibleTo(db.CallList.AsNoTracking(), areas);
        if (personId is { } id) entries = entries.Where(e => e.PersonId == id);
        var flagged = await db.CallAttempts.AsNoTracking()
            .Where(a => a.Outcome == CallOutcome.WrongNumber && a.PhoneCheckedAt == null && a.PhoneDigits != null
                && entries.Any(e => e.Id == a.CallListEntryId && e.Person!.AnonymisedAt == null && e.Person.PhoneDigits == a.PhoneDigits))
            .Select(a => new
            {
                a.Entry!.PersonId, a.Entry.Person!.FamilyName, a.Entry.Person.GivenName, a.Entry.Person.FamilyNameKana, a.Entry.Person.GivenNameKana,
                a.Entry.Person.Phone, a.At, a.StaffUserId, a.Note,
            })
            .ToListAsync(cancellationToken);
        // One line per person: the latest call that found the number wrong.
        return flagged.GroupBy(f => f.PersonId).Select(g => g.OrderByDescending(f => f.At).First())
            .OrderByDescending(f => f.At)
            .Select(f => new PhoneToCheck(f.PersonId, $"{f.FamilyName} {f.GivenName}".Trim(), $"{f.FamilyNameKana} {f.GivenNameKana}".Trim(), f.Phone,
                f.At, f.StaffUserId, f.Note))
            .ToList();
    }

    /// <summary>The number marked 番号違い was checked with the person and is right: the flag is lifted, the number kept.</summary>
    /// <returns>How many flags were lifted (0: nothing to lift, or not the staff member's to lift).</returns>
    public Task<int> ConfirmPhoneAsync(int personId, IReadOnlyList<int> areas, Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId, ct);
            if (person is null) return 0;
            var entries = VisibleTo(db.CallList, areas).Where(e => e.PersonId == personId);
            var flags = await db.CallAttempts.Where(a => a.Outcome == CallOutcome.WrongNumber && a.PhoneCheckedAt == null
                && a.PhoneDigits == person.PhoneDigits && entries.Any(e => e.Id == a.CallListEntryId)).ToListAsync(ct);
            if (flags.Count == 0) return 0;
            var now = clock.UtcNow;
            foreach (var flag in flags) flag.PhoneCheckedAt = now;
            audit.Record(actor, AuditAction.PhoneChecked, AuditTarget.Of(person), $"番号違いとされた電話番号（{person.Phone}）は正しいと確認した");
            return flags.Count;
        }, cancellationToken);

    /// <summary>The person called, and the course the call is about (a session's, or the course a message was for).</summary>
    private async Task<AuditTarget> TargetAsync(CallListEntry entry, Person person, CancellationToken cancellationToken)
    {
        var courseId = entry.CourseId ?? (entry.SessionId is { } sessionId
            ? await db.Sessions.Where(s => s.Id == sessionId).Select(s => (int?)s.CourseId).FirstOrDefaultAsync(cancellationToken)
            : null);
        return AuditTarget.Of(person) with { CourseId = courseId };
    }

    private static string Short(string message) => message.Length > 80 ? message[..80] + "…" : message;
}
