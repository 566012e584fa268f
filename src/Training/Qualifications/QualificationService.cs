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
        var type = new QualificationType { Name = "", ValidityMonths = months };
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
            var type = typeId is null ? new QualificationType { Name = name } : await db.QualificationTypes.FirstAsync(q => q.Id == typeId, ct);
            var before = typeId is null ? "" : $"{type.Name} / {type.ValidityMonths?.ToString() ?? "-"}";
            type.Name = name.Trim();
            type.Description = description.Trim();
            type.ValidityMonths = months;
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
                program.RenewsQualificationTypeId = renewingProgramIds.Contains(program.Id) ? type.Id : null;
            await db.SaveChangesAsync(ct);
            audit.Record(actor, "qualification-type", Audit.AuditTarget.OfSetting("QualificationType", type.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), type.Name),
                $"{before} → {type.Name} / {type.ValidityMonths?.ToString() ?? "-"}" + (applyToHolders ? $"; {changed} holders' expiry recalculated" : ""));
            await db.SaveChangesAsync(ct);
            return type;
        }, cancellationToken);
}
