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

    /// <summary>
    /// What a resident booking a led group's session is asked, on the public form, the staff phone form and their own
    /// page ({0}: the leaders' names, <see cref="LeaderNames"/>); with <see cref="LeaderSharingUse"/>, the wording recorded.
    /// </summary>
    public const string LeaderSharingQuestion = "電話番号を、集まりのリーダー（{0}）に知らせてよい";

    /// <summary>Said under the question: what the leader will use the number for, and that it is optional.</summary>
    public const string LeaderSharingUse = "集まりが中止になったときや、日時・場所が変わったときに、リーダーから電話でお知らせするために使います。知らせなくても参加できます。あとから取り消すこともできます。";

    /// <summary>
    /// The same question on the public form, which anyone may open: a leader is a resident too, so their name is not
    /// shown to a visitor (the resident's own page and the staff form name them).
    /// </summary>
    public const string LeaderSharingQuestionUnnamed = "電話番号を、集まりのリーダーに知らせてよい";

    /// <summary>The leaders as the question names them: 「山田 花子さん、小松 次郎さん」.</summary>
    public static string LeaderNames(IEnumerable<string> names) => string.Join("、", names.Select(n => $"{n}さん"));

    /// <summary>The words the resident was shown, recorded with their answer.</summary>
    public static string LeaderSharingWording(IReadOnlyList<string> leaderNames) =>
        $"{(leaderNames.Count == 0 ? LeaderSharingQuestionUnnamed : string.Format(LeaderSharingQuestion, LeaderNames(leaderNames)))}（{LeaderSharingUse}）";

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
    /// <param name="asked">The words read to the person when a form asked them in its own words (the leaders named); otherwise the purpose's.</param>
    public Task<bool> RecordConsentAsync(int personId, ConsentPurpose purpose, bool granted, ContactChannel channel, Actor actor,
        CancellationToken cancellationToken = default, string? asked = null)
    {
        if (WordingFor(purpose, granted) is not { } standard || !IsStaffChannel(channel)) return Task.FromResult(false);
        var wording = asked ?? standard;
        return unitOfWork.RunAsync(async ct =>
        {
            var name = await db.People.Where(p => p.Id == personId).Select(Person.FullNameInQuery).FirstAsync(ct);
            db.Consents.Add(Consent.Record(personId, purpose, granted, wording, clock.UtcNow, channel, actor.StaffUserId));
            audit.Record(actor, AuditAction.Consent, AuditTarget.OfPerson(personId, name), $"{purpose} {(granted ? "granted" : "withdrawn")} ({channel})");
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Records a consent the resident gave or withdrew themselves (on their own page, or on the public form when it made
    /// their record), with the words they were shown; audited as the resident's.
    /// </summary>
    /// <returns>False (nothing recorded) when it is the decision already in force.</returns>
    public Task<bool> RecordOwnConsentAsync(int personId, ConsentPurpose purpose, bool granted, string wording, ContactChannel channel,
        CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync(async ct =>
        {
            if (await db.LatestConsentAsync(personId, purpose, ct) == granted) return false;
            var name = await db.People.Where(p => p.Id == personId).Select(Person.FullNameInQuery).FirstAsync(ct);
            db.Consents.Add(Consent.Record(personId, purpose, granted, wording, clock.UtcNow, channel));
            audit.Record(Actor.Resident, AuditAction.Consent, AuditTarget.OfPerson(personId, name), $"{purpose} {(granted ? "granted" : "withdrawn")} ({channel})");
            return true;
        }, cancellationToken);

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
