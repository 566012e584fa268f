using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Time;

namespace Training.Qualifications;

public enum ListingOutcome { Listed, Unlisted, ConsentMissing, NotFound }

/// <summary>
/// Lists or unlists a qualified person as a supporter (登録): a separate opt-in, recorded as a consent with its wording,
/// together with the listing and its audit row in one unit.
/// </summary>
public class SupporterListing(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock)
{
    public const string ConsentWording = "生活支援サポーターとして名簿に載り、活動の紹介のためにコーディネーターから連絡を受けることに同意します。";

    /// <param name="consent">Whether staff confirmed the person's consent; listing needs it, unlisting does not.</param>
    public async Task<ListingOutcome> SetAsync(int personId, int qualificationId, bool listed, string? interests, bool consent, Actor actor,
        CancellationToken cancellationToken = default)
    {
        if (listed && !consent)
            return await db.Qualifications.AnyAsync(q => q.Id == qualificationId && q.PersonId == personId, cancellationToken)
                ? ListingOutcome.ConsentMissing : ListingOutcome.NotFound;
        return await unitOfWork.RunAsync(async ct =>
        {
            var qualification = await db.Qualifications.Include(q => q.QualificationType)
                .FirstOrDefaultAsync(q => q.Id == qualificationId && q.PersonId == personId, ct);
            if (qualification is null) return ListingOutcome.NotFound;
            var now = clock.UtcNow;
            qualification.SetListing(listed, interests, now);
            db.Consents.Add(Consent.Record(personId, ConsentPurpose.SupporterListing, listed, ConsentWording, now, ContactChannel.Staff, actor.StaffUserId));
            var name = await db.People.Where(p => p.Id == personId).Select(Person.FullNameInQuery).FirstAsync(ct);
            audit.Record(actor, AuditAction.SupporterListing, AuditTarget.OfPerson(personId, name),
                $"{qualification.QualificationType?.Name} {(listed ? "listed" : "unlisted")}");
            return listed ? ListingOutcome.Listed : ListingOutcome.Unlisted;
        }, cancellationToken);
    }
}
