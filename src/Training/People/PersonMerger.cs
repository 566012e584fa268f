using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Audit;
using Training.Data;
using Training.Registrations;

namespace Training.People;

/// <summary>
/// Merges a duplicate record into the person it duplicates: registrations, attendance, completions, certificates,
/// qualifications, consents, messages, calls, activity records and their points move over; where both have the same thing (two registrations for one
/// course) the stronger one is kept. The kept record's contacts stay as they are: an email or phone only the other
/// record had becomes a <see cref="ContactChangeRequest"/> to confirm with the person. All in one transaction, and audited.
/// </summary>
public class PersonMerger(TrainingDbContext db, UnitOfWork unitOfWork, TimeProvider time, AuditLog audit, Activities.Points points)
{
    public Task MergeAsync(int keepId, int duplicateId, string? staffId, string staffName, CancellationToken cancellationToken = default) =>
        MergeAsync(keepId, duplicateId, new Actor(staffId, staffName), cancellationToken);

    public async Task MergeAsync(int keepId, int duplicateId, Actor actor, CancellationToken cancellationToken = default)
    {
        if (keepId == duplicateId) throw new ArgumentException("A person cannot be merged into themselves.");
        await unitOfWork.RunAsync(ct => MergeInUnitAsync(keepId, duplicateId, actor, ct), cancellationToken);
    }

    private async Task MergeInUnitAsync(int keepId, int duplicateId, Actor actor, CancellationToken cancellationToken)
    {
        // Two coordinators merging the same people on two nodes: the second waits, then finds the duplicate gone.
        // Locked in id order, so merges of A into B and B into A cannot deadlock.
        foreach (var id in new[] { keepId, duplicateId }.Order()) await db.LockAsync(LockScope.Person, id, cancellationToken);
        var keep = await db.People.FirstOrDefaultAsync(p => p.Id == keepId, cancellationToken) ?? throw new KeyNotFoundException($"Person {keepId}");
        var duplicate = await db.People.FirstOrDefaultAsync(p => p.Id == duplicateId, cancellationToken) ?? throw new KeyNotFoundException($"Person {duplicateId}");

        var kept = await db.Registrations.Where(r => r.PersonId == keepId).ToListAsync(cancellationToken);
        foreach (var registration in await db.Registrations.Where(r => r.PersonId == duplicateId).ToListAsync(cancellationToken))
        {
            var same = kept.FirstOrDefault(r => r.CourseId == registration.CourseId);
            if (same is null) { registration.MergedInto(keepId); continue; }
            // Keep the stronger place; the weaker registration goes, with anything pointing at it moved across.
            var (winner, loser) = Rank(registration.Status) > Rank(same.Status) ? (registration, same) : (same, registration);
            winner.MergedInto(keepId);
            await db.Attendance.Where(a => a.RegistrationId == loser.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.RegistrationId, winner.Id), cancellationToken);
            await db.Completions.Where(c => c.RegistrationId == loser.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RegistrationId, winner.Id), cancellationToken);
            db.Registrations.Remove(loser);
            if (loser == same) kept.Remove(same);
        }
        // Places on a waiting list are derived from the queue's order, so a removed entry leaves nothing to renumber.
        await db.SaveChangesAsync(cancellationToken);

        var keptSessions = await db.Attendance.Where(a => a.PersonId == keepId).Select(a => a.SessionId).ToListAsync(cancellationToken);
        await db.Attendance.Where(a => a.PersonId == duplicateId && keptSessions.Contains(a.SessionId)).ExecuteDeleteAsync(cancellationToken);
        await db.Attendance.Where(a => a.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(a => a.PersonId, keepId), cancellationToken);
        // Memos written on a roster before a mark: the kept record's own (or its mark) wins for a session both have.
        await db.RosterNotes.Where(n => n.PersonId == duplicateId && (keptSessions.Contains(n.SessionId)
            || db.RosterNotes.Any(k => k.PersonId == keepId && k.SessionId == n.SessionId))).ExecuteDeleteAsync(cancellationToken);
        await db.RosterNotes.Where(n => n.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(n => n.PersonId, keepId), cancellationToken);
        await db.Completions.Where(c => c.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.PersonId, keepId), cancellationToken);
        await db.Certificates.Where(c => c.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.PersonId, keepId), cancellationToken);
        var keptTypes = await db.Qualifications.Where(q => q.PersonId == keepId).Select(q => q.QualificationTypeId).ToListAsync(cancellationToken);
        await db.Qualifications.Where(q => q.PersonId == duplicateId && keptTypes.Contains(q.QualificationTypeId)).ExecuteDeleteAsync(cancellationToken);
        await db.Qualifications.Where(q => q.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(q => q.PersonId, keepId), cancellationToken);
        await db.Consents.Where(c => c.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.PersonId, keepId), cancellationToken);
        await db.CallList.Where(c => c.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.PersonId, keepId), cancellationToken);
        await db.ContactChangeRequests.Where(c => c.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.PersonId, keepId), cancellationToken);
        await db.OutboundEmails.Where(e => e.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(e => e.PersonId, keepId), cancellationToken);
        await db.AuditEntries.Where(a => a.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(a => a.PersonId, keepId), cancellationToken);
        // Activity records follow the person (they would go with the merged-away record otherwise).
        await db.ActivityRecords.Where(r => r.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(r => r.PersonId, keepId), cancellationToken);
        // So do points brought in from earlier ledgers (Activities/PointCarryover).
        await db.PointCarryovers.Where(c => c.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(c => c.PersonId, keepId), cancellationToken);
        // Their awards too; the years either had are derived again below, since the caps now hold for both records together.
        await db.PointAwards.Where(a => a.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(a => a.PersonId, keepId), cancellationToken);
        var pointYears = await db.PointAwards.Where(a => a.PersonId == keepId).Select(a => a.FiscalYear)
            .Union(db.PointCarryovers.Where(c => c.PersonId == keepId).Select(c => c.FiscalYear)).ToListAsync(cancellationToken);
        // Introductions follow the person (one per need: the kept record's own stays); a helper profile moves only when the
        // kept record has none (the other one goes with the merged-away record).
        var keptNeeds = await db.Introductions.Where(i => i.PersonId == keepId).Select(i => i.NeedId).ToListAsync(cancellationToken);
        await db.Introductions.Where(i => i.PersonId == duplicateId && keptNeeds.Contains(i.NeedId)).ExecuteDeleteAsync(cancellationToken);
        await db.Introductions.Where(i => i.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(i => i.PersonId, keepId), cancellationToken);
        if (!await db.HelperProfiles.AnyAsync(h => h.PersonId == keepId, cancellationToken))
            await db.HelperProfiles.Where(h => h.PersonId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(h => h.PersonId, keepId), cancellationToken);

        // Contacts are never copied: a record the public form made may carry a stranger's address under a resident's
        // name, and a merge that moved it across would hand them the resident's page. What is new waits for staff.
        if (ContactChangeRequest.LeftByMerge(keep, duplicate, time.GetUtcNow().UtcDateTime) is { } left) db.ContactChangeRequests.Add(left);
        keep.TakeGapsFrom(duplicate);
        db.People.Remove(duplicate);
        // One row for the merge, on the record that survives; the fixed form is worded for the reader (AuditDetails).
        audit.Record(actor, AuditAction.Merge, AuditTarget.Of(keep), $"Person {duplicateId} merged into {keepId}: {duplicate.FullName}（{duplicate.FullNameKana}）");
        foreach (var year in pointYears.Order()) await points.RederiveAsync(keepId, year, cancellationToken);
    }

    private static int Rank(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Confirmed => 2,
        RegistrationStatus.Waitlisted => 1,
        _ => 0,
    };
}
