using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.Notifications;
using Training.Time;

namespace Training.People;

/// <summary>What became of a contact a public form (or a merge) offered, once staff decided.</summary>
public enum ContactChangeDecision { Accepted, Dismissed, AlreadyDecided, NotFound }

/// <summary>
/// What staff record on a resident's word: consents given or withdrawn (by phone, on paper, at the counter) and the
/// contacts offered for them, accepted or dismissed after checking with the person. Each is one unit with its audit row.
/// </summary>
public class PersonContacts(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock)
{
    public const string SharingConsentWording = "地域の活動団体（サロン・見守りなど）に、活動の紹介のために氏名と連絡先を伝えることに同意します。";

    /// <summary>What a participant agrees to for <see cref="ConsentPurpose.SharingWithGroupLeader"/>: their phone number shown to the leaders of the groups they book.</summary>
    public const string LeaderSharingConsentWording = "申し込んだ集まり（教室・サロンなど）のリーダーに、集まりについての連絡（中止・変更など）のために、電話番号を伝えることに同意します。";

    public const string SuggestionConsentWording = "地域の活動（サロン・見守りなど）の担い手として、市や社会福祉協議会の担当者から活動の紹介・おすすめを受けることに同意します。";

    /// <summary>The purposes staff record on the person's word, with the wording read to them; null for one they may not.</summary>
    public static string? WordingFor(ConsentPurpose purpose, bool granted) => purpose switch
    {
        ConsentPurpose.Contact => Consent.RegistrationContactWording,
        ConsentPurpose.SharingWithActivityGroups => SharingConsentWording,
        ConsentPurpose.ActivitySuggestions => SuggestionConsentWording,
        ConsentPurpose.SharingWithGroupLeader => LeaderSharingConsentWording,
        ConsentPurpose.ReminderEmail => EmailPreferences.Wording(EmailCategory.Reminder, granted),
        ConsentPurpose.MonthlyScheduleEmail => EmailPreferences.Wording(EmailCategory.MonthlySchedule, granted),
        ConsentPurpose.QualificationEmail => EmailPreferences.Wording(EmailCategory.Qualification, granted),
        _ => null,
    };

    /// <summary>The ways a consent reaches staff: on the phone, on paper, or in person at the office.</summary>
    public static bool IsStaffChannel(ContactChannel channel) => channel is ContactChannel.Phone or ContactChannel.Paper or ContactChannel.Staff;

    /// <summary>Records a consent given or withdrawn, as the person said it to staff, with the wording and the date.</summary>
    /// <returns>False (nothing recorded) for a purpose or a channel staff do not record consents for.</returns>
    public Task<bool> RecordConsentAsync(int personId, ConsentPurpose purpose, bool granted, ContactChannel channel, Actor actor,
        CancellationToken cancellationToken = default)
    {
        if (WordingFor(purpose, granted) is not { } wording || !IsStaffChannel(channel)) return Task.FromResult(false);
        return unitOfWork.RunAsync(async ct =>
        {
            var name = await db.People.Where(p => p.Id == personId).Select(Person.FullNameInQuery).FirstAsync(ct);
            db.Consents.Add(Consent.Record(personId, purpose, granted, wording, clock.UtcNow, channel, actor.StaffUserId));
            audit.Record(actor, AuditAction.Consent, AuditTarget.OfPerson(personId, name), $"{purpose} {(granted ? "granted" : "withdrawn")} ({channel})");
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Accepts or dismisses a contact offered for the person. Staff accept only after checking with the person through
    /// the contact already on record; the change, its before and after, and who made it are audited.
    /// </summary>
    public Task<ContactChangeDecision> DecideContactChangeAsync(int personId, int requestId, bool accept, Actor actor,
        CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            var request = await db.ContactChangeRequests.FirstOrDefaultAsync(c => c.Id == requestId && c.PersonId == personId, ct);
            if (request is null) return ContactChangeDecision.NotFound;
            if (!request.IsPending) return ContactChangeDecision.AlreadyDecided;
            var person = await db.People.FirstAsync(p => p.Id == personId, ct);
            var before = $"email={person.Email ?? "-"} phone={person.Phone ?? "-"}";
            if (accept) request.Accept(person, actor.StaffUserId, clock.UtcNow);
            else request.Dismiss(actor.StaffUserId, clock.UtcNow);
            audit.Record(actor, accept ? AuditAction.ContactChangeAccepted : AuditAction.ContactChangeDismissed, AuditTarget.Of(person),
                accept ? $"{before} → email={person.Email ?? "-"} phone={person.Phone ?? "-"}" : $"offered email={request.Email ?? "-"} phone={request.Phone ?? "-"}");
            return accept ? ContactChangeDecision.Accepted : ContactChangeDecision.Dismissed;
        }, cancellationToken);
}
