using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Data;
using Training.Time;

namespace Training.Qualifications;

/// <summary>
/// Qualifications follow completions: completing a program grants its qualification type (with an expiry when the
/// type has a validity period), completing a follow-up training renews it, and a withdrawn completion withdraws what it
/// granted. Re-running for the same completion changes nothing.
/// </summary>
public class QualificationService(TrainingDbContext db, UnitOfWork unitOfWork, SiteClock clock, Audit.AuditLog audit)
{
    /// <summary>Someone who completed a program and does not hold the qualification it grants (it was attached after).</summary>
    /// <param name="CompletedAt">Their latest completion of the program (UTC).</param>
    public sealed record Ungranted(int PersonId, string Name, string NameKana, int CompletionId, DateTime CompletedAt, string CourseTitle);

    /// <summary>What a retroactive grant did: whom it granted the qualification to (none when everyone held it already).</summary>
    public sealed record RetroactiveGrant(string? QualificationName, IReadOnlyList<Ungranted> Granted);

    /// <summary>
    /// Those who completed a run of the program (a completion in force, the rule's or an exception) but hold no valid-or-
    /// expired qualification of the type it grants: people left with nothing when the qualification was attached after
    /// they completed. In furigana order; empty when the program grants none.
    /// </summary>
    public async Task<IReadOnlyList<Ungranted>> UngrantedAsync(int programId, CancellationToken cancellationToken = default)
    {
        var typeId = await db.Programs.AsNoTracking().Where(p => p.Id == programId).Select(p => p.GrantsQualificationTypeId).FirstOrDefaultAsync(cancellationToken);
        if (typeId is null) return [];
        var rows = await UngrantedQuery(typeId.Value).Where(c => c.Course!.ProgramId == programId)
            .Select(c => new { c.PersonId, Person = c.Person!, c.Id, c.CompletedAt, c.Course!.Title })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.PersonId)
            .Select(g => g.OrderByDescending(r => r.CompletedAt).ThenByDescending(r => r.Id).First())
            .OrderBy(r => r.Person.KanaSortKey, StringComparer.Ordinal).ThenBy(r => r.PersonId)
            .Select(r => new Ungranted(r.PersonId, r.Person.FullName, r.Person.FullNameKana, r.Id, r.CompletedAt, r.Title)).ToList();
    }

    /// <summary>How many people each program granting a qualification has left without it (programs with none left out).</summary>
    public async Task<IReadOnlyDictionary<int, int>> UngrantedCountsAsync(CancellationToken cancellationToken = default)
    {
        var programs = await db.Programs.AsNoTracking().Where(p => p.GrantsQualificationTypeId != null)
            .Select(p => new { p.Id, TypeId = p.GrantsQualificationTypeId!.Value }).ToListAsync(cancellationToken);
        var counts = new Dictionary<int, int>();
        foreach (var program in programs)
        {
            var count = await UngrantedQuery(program.TypeId).Where(c => c.Course!.ProgramId == program.Id).Select(c => c.PersonId).Distinct().CountAsync(cancellationToken);
            if (count > 0) counts[program.Id] = count;
        }
        return counts;
    }

    private IQueryable<Completion> UngrantedQuery(int typeId) => db.Completions.AsNoTracking()
        .Where(c => c.Status == CompletionStatus.Completed && c.Person!.AnonymisedAt == null)
        .Where(c => !db.Qualifications.Any(q => q.PersonId == c.PersonId && q.QualificationTypeId == typeId && q.WithdrawnAt == null));

    /// <summary>
    /// Grants the program's qualification to everyone who completed it without getting it (<see cref="UngrantedAsync"/>),
    /// dated today, each by their latest completion (so withdrawing that completion withdraws it, as for any grant).
    /// One audit row names how many and who. Granting again grants nothing new and records nothing.
    /// </summary>
    public Task<RetroactiveGrant> GrantRetroactivelyAsync(int programId, People.Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var program = await db.Programs.AsNoTracking().Include(p => p.GrantsQualificationType).FirstOrDefaultAsync(p => p.Id == programId, ct);
            if (program?.GrantsQualificationType is not { } type) return new RetroactiveGrant(null, []);
            var ungranted = await UngrantedAsync(programId, ct);
            if (ungranted.Count == 0) return new RetroactiveGrant(type.Name, []);
            var now = clock.UtcNow;
            var personIds = ungranted.Select(u => u.PersonId).ToList();
            var withdrawn = await db.Qualifications.Where(q => personIds.Contains(q.PersonId) && q.QualificationTypeId == type.Id).ToListAsync(ct);
            foreach (var person in ungranted)
            {
                var qualification = withdrawn.FirstOrDefault(q => q.PersonId == person.PersonId);
                if (qualification is null) db.Qualifications.Add(qualification = new Qualification { PersonId = person.PersonId, QualificationTypeId = type.Id });
                qualification.GrantedByCompletionId = person.CompletionId;
                qualification.GrantedAt = now;
                qualification.ExpiresAt = type.ExpiryFor(now);
                qualification.LastRenewedAt = null;
                qualification.WithdrawnAt = null;
                qualification.WithdrawnReason = null;
            }
            audit.Record(actor, Audit.AuditAction.QualificationGrantRetroactive, Audit.AuditTarget.Of(program),
                $"{type.Name}: {ungranted.Count}人 — {string.Join("、", ungranted.Select(u => u.Name))}");
            await db.SaveChangesAsync(ct);
            return new RetroactiveGrant(type.Name, ungranted);
        }, cancellationToken);

    public const int ExpiringWithinDays = 90;

    public static QualificationStatus StatusOf(Qualification qualification, DateTime utcNow) =>
        qualification.WithdrawnAt is not null ? QualificationStatus.Withdrawn
        : qualification.ExpiresAt is { } expires && expires <= utcNow ? QualificationStatus.Expired
        : qualification.ExpiresAt is { } soon && soon <= utcNow.AddDays(ExpiringWithinDays) ? QualificationStatus.Expiring
        : QualificationStatus.Active;

    /// <summary>Grants, renews or withdraws what the completion decides; joins the caller's unit of work.</summary>
    public Task ApplyCompletionAsync(int completionId, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(ct => ApplyInUnitAsync(completionId, ct), cancellationToken);

    private async Task ApplyInUnitAsync(int completionId, CancellationToken cancellationToken)
    {
        var completion = await db.Completions.AsNoTracking().Include(c => c.Course!).ThenInclude(c => c.Program!).ThenInclude(p => p.GrantsQualificationType)
            .Include(c => c.Course!).ThenInclude(c => c.Program!).ThenInclude(p => p.RenewsQualificationType)
            .FirstOrDefaultAsync(c => c.Id == completionId, cancellationToken);
        if (completion is null) return;
        var program = completion.Course!.Program!;
        var now = clock.UtcNow;

        if (program.GrantsQualificationType is { } granted)
        {
            var qualification = await db.Qualifications.FirstOrDefaultAsync(q => q.PersonId == completion.PersonId && q.QualificationTypeId == granted.Id, cancellationToken);
            if (completion.Status == CompletionStatus.Completed)
            {
                if (qualification is null)
                    db.Qualifications.Add(new Qualification
                    {
                        PersonId = completion.PersonId, QualificationTypeId = granted.Id, GrantedByCompletionId = completion.Id,
                        GrantedAt = now, ExpiresAt = granted.ExpiryFor(now),
                    });
                else if (qualification.WithdrawnAt is not null && qualification.GrantedByCompletionId == completion.Id)
                {
                    qualification.WithdrawnAt = null;
                    qualification.WithdrawnReason = null;
                }
            }
            else if (qualification is not null && qualification.GrantedByCompletionId == completion.Id && qualification.WithdrawnAt is null)
            {
                qualification.WithdrawnAt = now;
                qualification.WithdrawnReason = "修了が取り消されたため";
            }
        }

        if (program.RenewsQualificationType is { } renewed && completion.Status == CompletionStatus.Completed)
        {
            var qualification = await db.Qualifications.FirstOrDefaultAsync(q => q.PersonId == completion.PersonId && q.QualificationTypeId == renewed.Id, cancellationToken);
            // Renewed once per follow-up completion: the renewal date is the completion's.
            if (qualification is { WithdrawnAt: null } && qualification.LastRenewedAt != completion.CompletedAt)
            {
                qualification.LastRenewedAt = completion.CompletedAt;
                qualification.ExpiresAt = renewed.ExpiryFor(completion.CompletedAt);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>What a new validity would do to the qualifications of this type people hold now (not withdrawn).</summary>
    public sealed record ValidityEffect(int Holders, int ExpiryChanges, int WouldExpire, int WouldNoLongerExpire);

    /// <param name="months">The new validity in months; null: does not expire.</param>
    public async Task<ValidityEffect> ValidityEffectAsync(int typeId, int? months, CancellationToken cancellationToken = default)
    {
        var type = QualificationType.Create("", months);
        var now = clock.UtcNow;
        var held = await db.Qualifications.AsNoTracking().Where(q => q.QualificationTypeId == typeId && q.WithdrawnAt == null).ToListAsync(cancellationToken);
        var changes = held.Where(q => q.ExpiryUnder(type) != q.ExpiresAt).ToList();
        return new ValidityEffect(held.Count, changes.Count,
            changes.Count(q => q.ExpiryUnder(type) is { } expires && expires <= now && (q.ExpiresAt is null || q.ExpiresAt > now)),
            changes.Count(q => q.ExpiryUnder(type) is null));
    }

    /// <summary>
    /// Saves a qualification type (new, or changed). With <paramref name="applyToHolders"/>, the qualifications people
    /// hold now take the new validity from their grant or last renewal; without it, only new grants and renewals do.
    /// Which programs renew it is set here too. Audited.
    /// </summary>
    public Task<QualificationType> SaveTypeAsync(int? typeId, string name, string description, int? months, IReadOnlyCollection<int> renewingProgramIds,
        bool applyToHolders, People.Actor actor, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var type = typeId is null ? QualificationType.Create(name) : await db.QualificationTypes.FirstAsync(q => q.Id == typeId, ct);
            var before = typeId is null ? "" : $"{type.Name} / {type.ValidityMonths?.ToString() ?? "-"}";
            type.Change(name, description, months);
            if (typeId is null) db.QualificationTypes.Add(type);
            await db.SaveChangesAsync(ct);
            var changed = 0;
            if (applyToHolders)
                foreach (var qualification in await db.Qualifications.Where(q => q.QualificationTypeId == type.Id && q.WithdrawnAt == null).ToListAsync(ct))
                    if (qualification.ExpiryUnder(type) is var expires && expires != qualification.ExpiresAt)
                    {
                        qualification.ExpiresAt = expires;
                        changed++;
                    }
            foreach (var program in await db.Programs.Where(p => p.RenewsQualificationTypeId == type.Id || renewingProgramIds.Contains(p.Id)).ToListAsync(ct))
                program.RenewQualification(renewingProgramIds.Contains(program.Id) ? type.Id : null);
            await db.SaveChangesAsync(ct);
            audit.Record(actor, Audit.AuditAction.QualificationType, Audit.AuditTarget.OfSetting("QualificationType", type.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), type.Name),
                $"{before} → {type.Name} / {type.ValidityMonths?.ToString() ?? "-"}" + (applyToHolders ? $"; {changed} holders' expiry recalculated" : ""));
            await db.SaveChangesAsync(ct);
            return type;
        }, cancellationToken);
}
