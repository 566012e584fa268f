using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Audit;
using Training.Configuration;
using Training.Courses;
using Training.Data;
using Training.Notifications;
using Training.Notifications.Channels;
using Training.People;
using Training.Time;

namespace Training.Activities;

/// <summary>
/// How a helper on the re-engagement list is told: by their notice channel — email, LINE, SMS — when they agreed to be
/// suggested activities, by a call (their notices go to the call list, or they were never asked), or not at all (they
/// withdrew that consent).
/// </summary>
public enum ReengageChannel { Email, Call, None, Line, Sms }

/// <summary>The next public course, starting after now, of a program the helper completed or whose qualification they hold.</summary>
public sealed record NextCourse(int CourseId, string Program, string Title, DateTime StartsAt);

/// <summary>One helper on the re-engagement list.</summary>
/// <param name="Consent">Their latest decision on being suggested activities (<see cref="ConsentPurpose.ActivitySuggestions"/>); null: never asked.</param>
/// <param name="AlreadyTold">An email or call for this month's key is already queued.</param>
/// <param name="LapsedSince">For a lapsed helper, the first day they counted as lapsed (<see cref="HelperLifecycle.LapsedFrom"/>).</param>
public sealed record ReengageRow(int PersonId, string Name, string Kana, string? Area, HelperStage Stage, DateOnly? LastDate, string? LastActivity,
    NextCourse? Next, bool HasEmail, string? Phone, bool? Consent, bool AlreadyTold, DateOnly? LapsedSince = null)
{
    /// <summary>Where their notices go (<see cref="NoticeRouter"/>), looked up for those who agreed; null: not looked up (email if they have one).</summary>
    public NoticeChannel? Notices { get; init; }

    public ReengageChannel Channel => Consent switch
    {
        false => ReengageChannel.None,
        // Never asked: a coordinator phones and asks, whatever channel their notices take.
        null => ReengageChannel.Call,
        true => (Notices ?? (HasEmail ? NoticeChannel.Email : NoticeChannel.CallList)) switch
        {
            NoticeChannel.Email => ReengageChannel.Email,
            NoticeChannel.Line => ReengageChannel.Line,
            NoticeChannel.Sms => ReengageChannel.Sms,
            _ => ReengageChannel.Call,
        },
    };
}

/// <summary>What a re-engagement mailing did: emails, LINE and SMS messages queued, calls put on the list, and people already told this month (nothing again).</summary>
public sealed record ReengageOutcome(int Emailed, int Called, int AlreadyTold, int NotContacted, int Line = 0, int Sms = 0);

/// <summary>
/// The re-engagement list: trained helpers who are lapsed or were never active (<see cref="HelperLifecycle"/>), each with
/// their last activity and the next refresher or follow-up course, within the staff member's reach
/// (<see cref="PersonReach"/>); and the mailing made from it — to those who agreed to be suggested activities, a notice
/// by their channel (<see cref="NoticeSender"/>: email, LINE, SMS), a call on the call list for the others who did not
/// refuse. Once a month per person
/// at most (the idempotency key names the month), so sending twice sends nothing twice.
/// </summary>
public class Reengagement(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, NoticeRouter router, NoticeSender sender, SiteClock clock, HelperStages stages,
    SiteLinks links)
{
    public const string CallKind = "activity-reengagement";

    public static string EmailKey(int personId, DateOnly today) => $"reengage:{personId}:{today:yyyy-MM}";
    public static string CallKey(int personId, DateOnly today) => $"reengage-call:{personId}:{today:yyyy-MM}";

    /// <summary>The list, in 五十音順; <paramref name="stage"/> Lapsed or Trained narrows it, <paramref name="areaId"/> to one district.</summary>
    public async Task<IReadOnlyList<ReengageRow>> ListAsync(IReadOnlyCollection<int> staffAreas, HelperStage? stage, int? areaId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow;
        var today = clock.Today;
        var activeFrom = stages.ActiveFrom;
        var people = db.People.AsNoTracking().Where(p => p.AnonymisedAt == null).Within(db, staffAreas);
        if (areaId is { } area) people = people.Where(p => p.AreaId == area);
        var completions = db.Completions.Where(c => c.Status != CompletionStatus.Withdrawn);
        var qualifications = db.Qualifications.Where(q => q.WithdrawnAt == null);
        var counted = db.ActivityRecords.Where(ActivityRecord.Counted);
        var query = people.Select(p => new
            {
                p.Id, p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana, p.KanaSortKey, p.Email, p.Phone, Area = p.Area != null ? p.Area.Name : null,
                Trained = completions.Any(c => c.PersonId == p.Id) || qualifications.Any(q => q.PersonId == p.Id),
                Last = counted.Where(r => r.PersonId == p.Id).Max(r => (DateOnly?)r.Date),
                LastActivity = counted.Where(r => r.PersonId == p.Id).OrderByDescending(r => r.StartsAt).Select(r => r.LocalActivity!.Name).FirstOrDefault(),
            })
            .Where(x => x.Trained && (x.Last == null || x.Last < activeFrom));
        if (stage == HelperStage.Lapsed) query = query.Where(x => x.Last != null);
        else if (stage == HelperStage.Trained) query = query.Where(x => x.Last == null);
        var rows = await query.OrderBy(x => x.KanaSortKey).ThenBy(x => x.Id).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        if (ids.Count == 0) return [];

        var consents = await db.LatestConsentsAsync(ConsentPurpose.ActivitySuggestions, ids, cancellationToken);
        var next = await NextCoursesAsync(ids, now, cancellationToken);
        var emailKeys = ids.Select(id => EmailKey(id, today)).ToList();
        var callKeys = ids.Select(id => CallKey(id, today)).ToList();
        var told = (await db.OutboundEmails.Where(e => emailKeys.Contains(e.IdempotencyKey)).Select(e => e.PersonId).ToListAsync(cancellationToken))
            .Concat((await db.OutboundMessages.Where(m => emailKeys.Contains(m.IdempotencyKey)).Select(m => (int?)m.PersonId).ToListAsync(cancellationToken)))
            .Concat((await db.CallList.Where(c => callKeys.Contains(c.IdempotencyKey)).Select(c => (int?)c.PersonId).ToListAsync(cancellationToken)))
            .OfType<int>().ToHashSet();
        var agreed = ids.Where(id => consents.GetValueOrDefault(id)).ToList();
        var notices = new Dictionary<int, NoticeChannel>();
        // Routed in bulk, and only those a notice may go to.
        foreach (var (id, route) in await router.RouteManyAsync(await db.People.AsNoTracking().Where(p => agreed.Contains(p.Id)).ToListAsync(cancellationToken), cancellationToken))
            notices[id] = route.Channel;
        return rows.Select(r => new ReengageRow(r.Id, $"{r.FamilyName} {r.GivenName}".Trim(), $"{r.FamilyNameKana} {r.GivenNameKana}".Trim(), r.Area,
                HelperLifecycle.Stage(r.Trained, r.Last, today, stages.ActiveMonths), r.Last, r.LastActivity, next.GetValueOrDefault(r.Id),
                !string.IsNullOrWhiteSpace(r.Email), r.Phone, consents.TryGetValue(r.Id, out var granted) ? granted : null, told.Contains(r.Id),
                r.Last is { } last ? HelperLifecycle.LapsedFrom(last, stages.ActiveMonths) : null)
            { Notices = notices.TryGetValue(r.Id, out var channel) ? channel : null })
            .ToList();
    }

    /// <summary>
    /// Tells the chosen people on the list (those not on it now — out of reach, active again — are skipped): a notice by
    /// their channel or a call each, once this month; people who withdrew the consent are not contacted. One audit row
    /// per person told.
    /// </summary>
    public async Task<ReengageOutcome> SendAsync(IReadOnlyCollection<int> staffAreas, HelperStage? stage, int? areaId, IReadOnlyCollection<int> personIds, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var chosen = (await ListAsync(staffAreas, stage, areaId, cancellationToken)).Where(r => personIds.Contains(r.PersonId)).ToList();
        var today = clock.Today;
        var people = await db.People.AsNoTracking().Where(p => chosen.Select(c => c.PersonId).Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return await unitOfWork.RunAsync(async ct =>
        {
            int emailed = 0, line = 0, sms = 0, called = 0, already = 0, none = 0;
            foreach (var row in chosen)
            {
                var person = people[row.PersonId];
                var courseLocal = row.Next is null ? (DateTime?)null : clock.ToLocal(row.Next.StartsAt);
                // Told the same month by another channel (they changed it since): nothing again.
                if (row.AlreadyTold) { already++; continue; }
                switch (row.Channel)
                {
                    case ReengageChannel.Email or ReengageChannel.Line or ReengageChannel.Sms:
                        var model = new ReengagementEmail(row.Name, row.LastActivity, row.Next is null ? null : $"{row.Next.Program}（{row.Next.Title}）",
                            courseLocal is null ? null : PeopleDates.Date(courseLocal.Value, "ja"), courseLocal is null ? null : PeopleDates.Date(courseLocal.Value, "en"),
                            row.Next is null ? null : links.Absolute(SiteLinks.Course(row.Next.CourseId)), links.Absolute(SiteLinks.Schedule(today.Year, today.Month)),
                            links.Absolute(SiteLinks.MyPage(person.AccessToken)));
                        var sent = await sender.SendAsync(person, new Notice(EmailKey(row.PersonId, today), "activity-reengagement", model, EmailCategory.ActivitySuggestion,
                            model.MyUrl), cancellationToken: ct);
                        if (sent.ToCall)
                            goto case ReengageChannel.Call;
                        if (!sent.Queued) { already++; continue; }
                        if (sent.Channel == NoticeChannel.Email) emailed++;
                        else if (sent.Channel == NoticeChannel.Line) line++;
                        else sms++;
                        audit.Record(actor, AuditAction.ReengagementSend, AuditTarget.OfPerson(row.PersonId, row.Name), sent.Channel == NoticeChannel.Email ? "メール" : sent.Channel.ToString().ToUpperInvariant());
                        break;
                    case ReengageChannel.Call:
                        var (ja, en) = CallMessage(row, courseLocal);
                        if (await CallList.AddAsync(db, new CallListEntry
                            {
                                IdempotencyKey = CallKey(row.PersonId, today), PersonId = row.PersonId, CourseId = row.Next?.CourseId, Kind = CallKind,
                                Message = ja, MessageEn = en, DueOn = today, CreatedAt = clock.UtcNow,
                            }, ct) == 0) { already++; continue; }
                        called++;
                        audit.Record(actor, AuditAction.ReengagementSend, AuditTarget.OfPerson(row.PersonId, row.Name), "電話");
                        break;
                    default:
                        none++;
                        break;
                }
            }
            return new ReengageOutcome(emailed, called, already, none, line, sms);
        }, cancellationToken);
    }

    /// <summary>For each person, the earliest public course starting after now of a program they completed, or that grants or renews a qualification they hold.</summary>
    private async Task<Dictionary<int, NextCourse>> NextCoursesAsync(IReadOnlyCollection<int> ids, DateTime now, CancellationToken cancellationToken)
    {
        var completed = await db.Completions.AsNoTracking().Where(c => ids.Contains(c.PersonId) && c.Status != CompletionStatus.Withdrawn)
            .Select(c => new { c.PersonId, c.Course!.ProgramId }).ToListAsync(cancellationToken);
        var held = await db.Qualifications.AsNoTracking().Where(q => ids.Contains(q.PersonId) && q.WithdrawnAt == null)
            .Select(q => new { q.PersonId, q.QualificationTypeId }).ToListAsync(cancellationToken);
        var courses = await db.Courses.AsNoTracking().Where(Course.Public).Where(c => c.Status == CourseStatus.Open || c.Status == CourseStatus.Closed)
            .Select(c => new
            {
                c.Id, c.ProgramId, Program = c.Program!.Name, c.Title, c.Program.GrantsQualificationTypeId, c.Program.RenewsQualificationTypeId,
                First = c.Sessions.Where(s => s.Status == SessionStatus.Scheduled).Min(s => (DateTime?)s.StartsAt),
            })
            .Where(c => c.First != null && c.First > now)
            .ToListAsync(cancellationToken);
        var result = new Dictionary<int, NextCourse>();
        foreach (var id in ids)
        {
            var programs = completed.Where(c => c.PersonId == id).Select(c => c.ProgramId).ToHashSet();
            var types = held.Where(q => q.PersonId == id).Select(q => q.QualificationTypeId).ToHashSet();
            var next = courses.Where(c => programs.Contains(c.ProgramId)
                    || (c.GrantsQualificationTypeId is { } g && types.Contains(g)) || (c.RenewsQualificationTypeId is { } r && types.Contains(r)))
                .OrderBy(c => c.First).ThenBy(c => c.Id).FirstOrDefault();
            if (next is not null) result[id] = new NextCourse(next.Id, next.Program, next.Title, next.First!.Value);
        }
        return result;
    }

    /// <summary>The call list's words for a re-engagement call, in both languages (the call list is read in either).</summary>
    public static (string Japanese, string English) CallMessage(ReengageRow row, DateTime? courseLocal)
    {
        var last = row.LastActivity is null ? "活動の記録はまだありません" : $"前回の活動：{row.LastActivity}（{row.LastDate:yyyy/M/d}）";
        var lastEn = row.LastActivity is null ? "no activity recorded yet" : $"last activity: {row.LastActivity} ({row.LastDate:yyyy-MM-dd})";
        var course = row.Next is null ? "" : $"　次の研修：{row.Next.Program}（{row.Next.Title}）{PeopleDates.Date(courseLocal!.Value, "ja")}から";
        var courseEn = row.Next is null ? "" : $" Next training: {row.Next.Program} ({row.Next.Title}) from {PeopleDates.Date(courseLocal!.Value, "en")}.";
        var consent = row.Consent is null ? "　活動の紹介を受けることへの同意を伺ってください。" : "";
        var consentEn = row.Consent is null ? " Ask whether they agree to be suggested activities." : "";
        return ($"地域の活動へのお誘い（{last}）。{course}{consent}".Replace("。　", "。"),
            string.Create(CultureInfo.InvariantCulture, $"Invite back to local activities ({lastEn}).{courseEn}{consentEn}"));
    }
}
