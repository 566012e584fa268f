using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Organisations;
using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Activities;

/// <summary>What became of a change to a helper profile or one of its consents.</summary>
public abstract record HelperProfileChange
{
    public sealed record Saved(IReadOnlyList<string> Fields) : HelperProfileChange;
    public sealed record Invalid(IReadOnlyList<SettingProblem> Problems) : HelperProfileChange;
    /// <summary>No such person (or one deleted).</summary>
    public sealed record NotFound : HelperProfileChange;
}

/// <summary>
/// The use cases on helper profiles (活動の希望): a profile written by staff from the person's page or by the resident on
/// their own page, and the two consents matching depends on — 「活動の紹介・おすすめを受ける」 (may be suggested) and
/// 「活動団体への紹介」 (may have their contact given to an organiser) — given or withdrawn, dated, with the wording and
/// how it reached us. A withdrawal counts for matching from that instant. Every change is audited.
/// </summary>
public class HelperProfiles(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock)
{
    public static class Messages
    {
        public const string AreaUnknown = "その地区は選べません。一覧から選んでください。";
        public const string KindUnknown = "その種類は選べません。一覧から選んでください。";
    }

    /// <summary>The consents a helper profile shows, in the order shown.</summary>
    public static readonly IReadOnlyList<ConsentPurpose> Purposes = [ConsentPurpose.ActivitySuggestions, ConsentPurpose.SharingWithActivityGroups];

    /// <summary>Whether a consent for this purpose may be recorded this way: the two purposes above, told to staff or said on the resident's own page.</summary>
    public static bool MayRecord(ConsentPurpose purpose, ContactChannel channel) =>
        Purposes.Contains(purpose) && (PersonContacts.IsStaffChannel(channel) || channel == ContactChannel.Web);

    /// <summary>Creates or changes the person's profile as typed.</summary>
    public async Task<HelperProfileChange> SaveAsync(int personId, HelperProfileInput input, Actor actor, CancellationToken cancellationToken = default)
    {
        var problems = HelperProfile.Problems(input).ToList();
        var current = await db.HelperProfiles.AsNoTracking().Where(h => h.PersonId == personId)
            .Select(h => new { Areas = h.Areas.Select(a => a.AreaId).ToList(), Kinds = h.Kinds.Select(k => k.ActivityKindId).ToList() }).FirstOrDefaultAsync(cancellationToken);
        // A retired district or kind stays on a profile that has it, and is offered to nobody new.
        var areas = input.AreaIds.Distinct().ToList();
        var knownAreas = await db.Areas.Where(a => areas.Contains(a.Id) && (a.IsActive || (current != null && current.Areas.Contains(a.Id)))).CountAsync(cancellationToken);
        if (knownAreas != areas.Count) problems.Add(new(nameof(HelperProfileInput.AreaIds), Messages.AreaUnknown));
        var kinds = input.KindIds.Distinct().ToList();
        var knownKinds = await db.ActivityKinds.Where(k => kinds.Contains(k.Id) && (k.IsActive || (current != null && current.Kinds.Contains(k.Id)))).CountAsync(cancellationToken);
        if (knownKinds != kinds.Count) problems.Add(new(nameof(HelperProfileInput.KindIds), Messages.KindUnknown));
        if (problems.Count > 0) return new HelperProfileChange.Invalid(problems);

        return await unitOfWork.RunAsync<HelperProfileChange>(async ct =>
        {
            var name = await db.People.Where(p => p.Id == personId && p.AnonymisedAt == null).Select(Person.FullNameInQuery).FirstOrDefaultAsync(ct);
            if (name is null) return new HelperProfileChange.NotFound();
            var profile = await HelperProfile.WithChoices(db.HelperProfiles).FirstOrDefaultAsync(h => h.PersonId == personId, ct);
            var created = profile is null;
            if (profile is null) db.HelperProfiles.Add(profile = HelperProfile.For(personId));
            var fields = profile.Change(input, clock.UtcNow);
            if (fields.Count > 0 || created)
                audit.Record(actor, AuditAction.HelperProfileSave, AuditTarget.OfPerson(personId, name), string.Join("、", fields));
            return new HelperProfileChange.Saved(fields);
        }, keep: outcome => outcome is HelperProfileChange.Saved, cancellationToken);
    }

    /// <summary>
    /// Records one of the profile's consents given or withdrawn, with the wording shown, the date and the way it reached us
    /// (staff: phone, paper, in person; the resident: their own page). False: that purpose or way is not recorded here, or
    /// the person's latest decision already says so (nothing recorded).
    /// </summary>
    public Task<bool> SetConsentAsync(int personId, ConsentPurpose purpose, bool granted, ContactChannel channel, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!MayRecord(purpose, channel) || PersonContacts.WordingFor(purpose, granted) is not { } wording) return Task.FromResult(false);
        return unitOfWork.RunAsync(async ct =>
        {
            var name = await db.People.Where(p => p.Id == personId && p.AnonymisedAt == null).Select(Person.FullNameInQuery).FirstOrDefaultAsync(ct);
            if (name is null || await db.LatestConsentAsync(personId, purpose, ct) == granted) return false;
            db.Consents.Add(Consent.Record(personId, purpose, granted, wording, clock.UtcNow, channel, actor.StaffUserId));
            audit.Record(actor, AuditAction.Consent, AuditTarget.OfPerson(personId, name), $"{purpose} {(granted ? "granted" : "withdrawn")} ({channel})");
            return true;
        }, keep: recorded => recorded, cancellationToken);
    }
}
