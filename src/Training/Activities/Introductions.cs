using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Configuration;
using Training.Data;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.People;
using Training.Time;

namespace Training.Activities;

/// <summary>What became of a use case on an introduction.</summary>
public abstract record IntroductionChange
{
    public sealed record Saved(int IntroductionId) : IntroductionChange;
    public sealed record Invalid(string Message) : IntroductionChange;
    public sealed record NotFound : IntroductionChange;
    public sealed record OutOfScope : IntroductionChange;
    /// <summary>The helper's contact went to the organisation's email through the outbox.</summary>
    public sealed record ContactEmailed(int IntroductionId, string To) : IntroductionChange;
    /// <summary>The organiser has no email: the coordinator passes the contact on by phone (recorded as given).</summary>
    public sealed record ContactToPassOn(int IntroductionId, string Name, string? Phone, string? Email) : IntroductionChange;
}

/// <summary>Who will be told what when a coordinator introduces someone — said before anything is sent (the product's rule).</summary>
/// <param name="Channel">Their notice channel (<see cref="NoticeRouter"/>): email, LINE or SMS, or a call on <paramref name="CallOn"/>.</param>
public sealed record IntroductionNotice(NoticeChannel Channel, string? Email, DateOnly CallOn)
{
    public bool ByEmail => Channel == NoticeChannel.Email;
    public bool ByCall => Channel == NoticeChannel.CallList;
}

/// <summary>
/// The use cases on introductions (紹介): a coordinator introduces someone matching may suggest to a need (the person is
/// told by their notice channel — email, LINE, SMS — or, when their notices go to the call list, a call goes on it for
/// the follow-up date), records
/// and corrects the outcome and the next follow-up, records the helper's agreement that the organiser may have their
/// contact, and only then gives the contact to the organiser (by email to the organisation, or for the coordinator to
/// read out). Within the coordinator's districts; every change audited.
/// </summary>
public class Introductions(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock, Matching matching, EmailOutbox outbox, SiteLinks links,
    NoticeRouter router, NoticeSender sender)
{
    public static class Messages
    {
        public const string NotEligible = "この方は今、この募集には紹介できません（おすすめへの同意、必要な資格、すでに紹介済み、担当の地区のいずれかに当てはまりません）。";
        public const string Closed = "この募集はしめきられているか、活動が終了しています。";
        public const string SharingWithdrawn = "ご本人が「活動団体への紹介」への同意を取り消しています。連絡先は伝えられません。";
    }

    public const string CallKind = "activity-introduction";

    /// <summary>Who would be told, and how, if this person were introduced now: what the confirmation says.</summary>
    public async Task<IntroductionNotice?> NoticeForAsync(int personId, DateOnly? followUpOn, CancellationToken cancellationToken = default)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId && p.AnonymisedAt == null, cancellationToken);
        if (person is null) return null;
        var route = await router.RouteAsync(person, cancellationToken);
        return new IntroductionNotice(route.Channel, route.Channel == NoticeChannel.Email ? route.Address : null, followUpOn ?? clock.Today);
    }

    /// <summary>Introduces the person to the need, if matching may suggest them now, and tells them (by their channel, or a call).</summary>
    public async Task<IntroductionChange> IntroduceAsync(int needId, int personId, DateOnly? followUpOn, IReadOnlyCollection<int> staffAreas, Actor actor,
        CancellationToken cancellationToken = default)
    {
        if (Introduction.FollowUpProblem(followUpOn, clock.Today) is { } problem) return new IntroductionChange.Invalid(problem);
        return await unitOfWork.RunAsync<IntroductionChange>(async ct =>
        {
            var need = await db.ActivityNeeds.FirstOrDefaultAsync(n => n.Id == needId, ct);
            if (need is null) return new IntroductionChange.NotFound();
            var activity = await db.LocalActivities.Include(a => a.Organisation).Include(a => a.Kind).FirstAsync(a => a.Id == need.LocalActivityId, ct);
            if (!LocalActivities.InScope(staffAreas, activity.AreaId)) return new IntroductionChange.OutOfScope();
            if (!need.IsOpen || !activity.IsActive) return new IntroductionChange.Invalid(Messages.Closed);
            // The never-rules are matching's: whom it would not suggest is not introduced either.
            if (!await matching.Eligible(need, staffAreas, clock.UtcNow).AnyAsync(p => p.Id == personId, ct)) return new IntroductionChange.Invalid(Messages.NotEligible);
            var person = await db.People.FirstAsync(p => p.Id == personId, ct);
            var introduction = Introduction.Create(need, personId, followUpOn, actor.StaffUserId, clock.UtcNow, clock.Today);
            db.Introductions.Add(introduction);
            await db.SaveChangesAsync(ct);
            audit.Record(actor, AuditAction.IntroductionCreate, Target(introduction, person.FullName, activity.Name),
                followUpOn is { } day ? $"次に確かめる日 {day:yyyy-MM-dd}" : "");
            await TellAsync(introduction, person, activity, need, ct);
            return new IntroductionChange.Saved(introduction.Id);
        }, keep: outcome => outcome is IntroductionChange.Saved, cancellationToken);
    }

    /// <summary>Records or corrects the outcome and the next follow-up; a new follow-up for someone whose notices go to the call list goes on it.</summary>
    public Task<IntroductionChange> SetOutcomeAsync(int introductionId, IntroductionOutcome outcome, DateOnly? followUpOn, IReadOnlyCollection<int> staffAreas, Actor actor,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(introductionId, staffAreas, async (introduction, person, activity, ct) =>
        {
            var (before, beforeFollowUp) = (introduction.Outcome, introduction.FollowUpOn);
            if (followUpOn != beforeFollowUp && Introduction.FollowUpProblem(followUpOn, clock.Today) is { } problem) return new IntroductionChange.Invalid(problem);
            if (!introduction.SetOutcome(outcome, followUpOn, clock.UtcNow, clock.Today)) return new IntroductionChange.Saved(introduction.Id);
            audit.Record(actor, AuditAction.IntroductionOutcome, Target(introduction, person.FullName, activity.Name),
                $"{OutcomeLabel(before)} → {OutcomeLabel(outcome)}; 次に確かめる日 {Day(beforeFollowUp)} → {Day(followUpOn)}");
            if (followUpOn is { } day && followUpOn != beforeFollowUp && (await router.RouteAsync(person, ct)).Channel == NoticeChannel.CallList)
                await CallAsync(introduction, person, activity, day, followUp: true, ct);
            return new IntroductionChange.Saved(introduction.Id);
        }, cancellationToken);

    /// <summary>
    /// Records that the helper agreed the organiser may have their contact (how it was taken: phone, paper, in person), and
    /// with it their 「活動団体への紹介」 consent with its wording.
    /// </summary>
    public Task<IntroductionChange> RecordAgreementAsync(int introductionId, ContactChannel channel, IReadOnlyCollection<int> staffAreas, Actor actor,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(introductionId, staffAreas, async (introduction, person, activity, ct) =>
        {
            if (!Introduction.IsAgreementChannel(channel)) return new IntroductionChange.Invalid(Introduction.Messages.ChannelInvalid);
            if (!introduction.RecordAgreement(channel, actor.StaffUserId, clock.UtcNow)) return new IntroductionChange.Saved(introduction.Id);
            if (await db.LatestConsentAsync(person.Id, ConsentPurpose.SharingWithActivityGroups, ct) != true)
                db.Consents.Add(Consent.Record(person.Id, ConsentPurpose.SharingWithActivityGroups, true, PersonContacts.SharingConsentWording, clock.UtcNow, channel, actor.StaffUserId));
            audit.Record(actor, AuditAction.IntroductionAgreement, Target(introduction, person.FullName, activity.Name), channel.ToString());
            return new IntroductionChange.Saved(introduction.Id);
        }, cancellationToken);

    /// <summary>
    /// Gives the helper's contact to the organiser — only after the helper agreed, and while their 「活動団体への紹介」
    /// consent stands: by email to the organisation when it has one, otherwise for the coordinator to read out. Recorded.
    /// </summary>
    public Task<IntroductionChange> SendContactAsync(int introductionId, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(introductionId, staffAreas, async (introduction, person, activity, ct) =>
        {
            if (!introduction.MayShareContact) return new IntroductionChange.Invalid(Introduction.Messages.NotAgreed);
            if (await db.LatestConsentAsync(person.Id, ConsentPurpose.SharingWithActivityGroups, ct) != true) return new IntroductionChange.Invalid(Messages.SharingWithdrawn);
            var organisation = activity.OrganisationId is { } organisationId ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, ct) : null;
            var via = organisation is { Email: { Length: > 0 } } ? ContactHandOver.Email : ContactHandOver.ByCoordinator;
            introduction.RecordContactSent(via, clock.UtcNow);
            audit.Record(actor, AuditAction.IntroductionContactSent, Target(introduction, person.FullName, activity.Name),
                via == ContactHandOver.Email ? $"email {organisation!.Email}" : "by coordinator");
            if (via == ContactHandOver.ByCoordinator) return new IntroductionChange.ContactToPassOn(introduction.Id, person.FullName, person.Phone, person.Email);
            var need = await db.ActivityNeeds.AsNoTracking().FirstAsync(n => n.Id == introduction.NeedId, ct);
            await outbox.QueueAsync(new EmailRequest($"helper-contact:{introduction.Id}:{introduction.ContactSentAt!.Value.Ticks}", "activity-helper-contact", "ja",
                organisation!.Email!, organisation.Name,
                new HelperContactEmail(organisation.Name, activity.Name, person.FullName, person.FullNameKana, person.Phone ?? "", person.Email ?? "",
                    NeedDays(need.Days), need.Times, Day(introduction.AgreedAt is { } agreed ? DateOnly.FromDateTime(clock.ToLocal(agreed)) : null))
                { Office = null }), ct);
            return new IntroductionChange.ContactEmailed(introduction.Id, organisation.Email!);
        }, cancellationToken);

    private async Task TellAsync(Introduction introduction, Person person, LocalActivity activity, ActivityNeed need, CancellationToken ct)
    {
        var route = await router.RouteAsync(person, ct);
        if (route.Channel == NoticeChannel.CallList)
        {
            await CallAsync(introduction, person, activity, introduction.FollowUpOn ?? clock.Today, followUp: false, ct);
            return;
        }
        var model = new ActivityIntroductionEmail(person.FullName, activity.Name, activity.Kind?.Name ?? "", activity.Schedule, NeedDays(need.Days), NeedDaysEn(need.Days),
            need.Times, activity.Venue, activity.Address, activity.ContactName, activity.ContactPhone, links.Absolute(SiteLinks.MyPage(person.AccessToken)))
        { Office = EmailOffice.Of(activity.Organisation) };
        await sender.SendAsync(person, new Notice($"activity-introduction:{introduction.Id}", "activity-introduction", model, EmailCategory.Essential, model.MyUrl),
            route, ct);
    }

    private Task CallAsync(Introduction introduction, Person person, LocalActivity activity, DateOnly day, bool followUp, CancellationToken ct) =>
        CallList.AddAsync(db, new CallListEntry
        {
            IdempotencyKey = $"{CallKind}:{introduction.Id}:{day:yyyyMMdd}", PersonId = person.Id, Kind = CallKind,
            Message = followUp
                ? $"「{activity.Name}」への紹介のその後を伺ってください（参加するか、まだ考え中か）。結果は紹介のページに記録してください。"
                : $"「{activity.Name}」（{activity.Schedule}、{activity.Venue}）をご紹介ください。問い合わせ先は {activity.ContactName} {activity.ContactPhone} です。参加したいか、連絡先を主催者に伝えてよいかを伺い、紹介のページに記録してください。",
            MessageEn = followUp
                ? $"Ask how the introduction to \"{activity.Name}\" went (joining, or still thinking). Record the outcome on the introduction's page."
                : $"Introduce \"{activity.Name}\" ({activity.Schedule}, {activity.Venue}); its contact is {activity.ContactName} {activity.ContactPhone}. Ask whether they would like to join and whether the organiser may have their contact, and record it on the introduction's page.",
            DueOn = day, CreatedAt = clock.UtcNow,
        }, ct);

    private Task<IntroductionChange> ChangeAsync(int introductionId, IReadOnlyCollection<int> staffAreas,
        Func<Introduction, Person, LocalActivity, CancellationToken, Task<IntroductionChange>> change, CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(async ct =>
        {
            var introduction = await db.Introductions.FirstOrDefaultAsync(i => i.Id == introductionId, ct);
            if (introduction is null) return new IntroductionChange.NotFound();
            var activity = await db.LocalActivities.FirstAsync(a => a.Id == introduction.LocalActivityId, ct);
            if (!LocalActivities.InScope(staffAreas, activity.AreaId)) return new IntroductionChange.OutOfScope();
            var person = await db.People.FirstAsync(p => p.Id == introduction.PersonId, ct);
            if (person.AnonymisedAt is not null) return new IntroductionChange.NotFound();
            return await change(introduction, person, activity, ct);
        }, keep: outcome => outcome is not (IntroductionChange.Invalid or IntroductionChange.NotFound or IntroductionChange.OutOfScope), cancellationToken);

    private static AuditTarget Target(Introduction introduction, string personName, string activityName) =>
        new("Introduction", introduction.Id.ToString(CultureInfo.InvariantCulture), $"{personName}（{activityName}）", introduction.PersonId);

    /// <summary>An outcome in words (Japanese; the page's labels give the English).</summary>
    public static string OutcomeLabel(IntroductionOutcome outcome) => outcome switch
    {
        IntroductionOutcome.Joined => "参加した",
        IntroductionOutcome.Declined => "断った",
        IntroductionOutcome.NoAnswer => "応答なし",
        _ => "返事待ち",
    };

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
    private static string NeedDays(Weekdays days) => string.Join("・", WeekdayNames.All.Where(d => days.HasFlag(d.Day)).Select(d => d.Short));
    private static string NeedDaysEn(Weekdays days) => string.Join(", ", WeekdayNames.All.Where(d => days.HasFlag(d.Day)).Select(d => d.Day.ToString()[..3]));
}
