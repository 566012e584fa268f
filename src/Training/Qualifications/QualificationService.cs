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
public class QualificationService(TrainingDbContext db, UnitOfWork unitOfWork, SiteClock clock)
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
                        GrantedAt = now, ExpiresAt = granted.ValidityMonths is { } months ? now.AddMonths(months) : null,
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
                qualification.ExpiresAt = renewed.ValidityMonths is { } months ? completion.CompletedAt.AddMonths(months) : null;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
