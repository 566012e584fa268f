using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Data;
using Training.People;
using Training.Qualifications;
using Training.Time;

namespace Training.Activities;

/// <summary>
/// Why a candidate is suggested, as the list shows it: the text (Japanese, the resources hold the English) with what fills
/// it — a qualification's name and expiry, the days that match, a count, a date (UTC; the page writes it in local time).
/// </summary>
public sealed record MatchReason(MatchReasonKind Kind, string Text, string? Name = null, DateTime? Date = null, int? Count = null, Weekdays Days = Weekdays.None,
    DateOnly? Day = null);

public enum MatchReasonKind { SameDistrict, Interest, Days, Qualification, FewActivities, RecentlyTrained, Lapsed }

/// <summary>
/// What matching knows about one candidate for one need, read in one query; <see cref="Rank"/> turns it into a score and
/// the reasons shown. The rule, without the database.
/// </summary>
/// <param name="InDistrict">The helper can help in the activity's district (their profile names it, or, naming none, they live there); null for a city-wide activity.</param>
/// <param name="Interested">Their profile names the activity's kind.</param>
/// <param name="Days">The need's days they are free on (None when either says no day: not a reason).</param>
/// <param name="Qualification">The required qualification's name when the need asks for one (they hold it valid: who does not is never a candidate).</param>
/// <param name="QualificationExpires">Its expiry, null: no expiry.</param>
/// <param name="ActiveActivities">Distinct activities with counted (confirmed) records since <see cref="HelperLifecycle.ActiveFrom"/>.</param>
/// <param name="LastTrainedAt">Their latest completion or qualification granted or renewed, if recent enough to matter.</param>
/// <param name="LastRecordOn">The day of their latest counted activity record, if any.</param>
public sealed record MatchFacts(bool? InDistrict, bool Interested, Weekdays Days, string? Qualification, DateTime? QualificationExpires,
    int ActiveActivities, DateTime? LastTrainedAt, DateOnly? LastRecordOn)
{
    public static class Texts
    {
        public const string SameDistrict = "活動と同じ地区で活動できる";
        public const string Interest = "この種類の活動を希望している";
        public const string Days = "曜日が合う（{0}）";
        public const string Qualification = "必要な資格が有効（{0}、{1}まで）";
        public const string QualificationNoExpiry = "必要な資格が有効（{0}、期限なし）";
        public const string FewActivities = "ほかの活動はまだ少ない（{0}件）";
        public const string NoActivities = "まだほかの活動をしていない";
        public const string RecentlyTrained = "最近研修を受けた（{0}）";
        public const string Lapsed = "しばらく活動していない（最後は{0}）";
    }

    /// <summary>The part of <see cref="Rank"/>'s score that the helper profile alone decides: same district 3, interest 3, days 2.</summary>
    public int ProfileScore => (InDistrict == true ? 3 : 0) + (Interested ? 3 : 0) + (Days != Weekdays.None ? 2 : 0);

    /// <summary>The most that <see cref="Rank"/> adds beyond <see cref="ProfileScore"/> and the qualification (the same for every candidate of a need): few activities 1, lapsed or recently trained 1.</summary>
    public const int MaxBeyondProfile = 2;

    /// <summary>
    /// The score (higher first) and the reasons, strongest first: same district 3, interest 3, days 2, qualification 2
    /// (only where the need asks for one), few other activities 1, lapsed (<see cref="HelperLifecycle"/>) or recently
    /// trained 1.
    /// </summary>
    public (int Score, IReadOnlyList<MatchReason> Reasons) Rank(DateTime utcNow, DateOnly today, int activeMonths)
    {
        var reasons = new List<(int Weight, MatchReason Reason)>();
        if (InDistrict == true) reasons.Add((3, new(MatchReasonKind.SameDistrict, Texts.SameDistrict)));
        if (Interested) reasons.Add((3, new(MatchReasonKind.Interest, Texts.Interest)));
        if (Days != Weekdays.None)
            reasons.Add((2, new(MatchReasonKind.Days, Texts.Days, Days: Days)));
        if (Qualification is not null)
            reasons.Add((2, QualificationExpires is { } expires
                ? new(MatchReasonKind.Qualification, Texts.Qualification, Qualification, expires)
                : new(MatchReasonKind.Qualification, Texts.QualificationNoExpiry, Qualification)));
        if (ActiveActivities < Matching.ManyActivities)
            reasons.Add((1, ActiveActivities == 0
                ? new(MatchReasonKind.FewActivities, Texts.NoActivities)
                : new(MatchReasonKind.FewActivities, Texts.FewActivities, Count: ActiveActivities)));
        var stage = HelperLifecycle.Stage(trained: LastTrainedAt is not null || Qualification is not null, LastRecordOn, today, activeMonths);
        if (stage == HelperStage.Lapsed)
            reasons.Add((1, new(MatchReasonKind.Lapsed, Texts.Lapsed, Day: LastRecordOn)));
        else if (LastTrainedAt is { } trained && trained >= utcNow.AddMonths(-Matching.RecentlyTrainedMonths))
            reasons.Add((1, new(MatchReasonKind.RecentlyTrained, Texts.RecentlyTrained, Date: trained)));
        return (reasons.Sum(r => r.Weight), reasons.Select(r => r.Reason).ToList());
    }
}

/// <summary>One person suggested for a need, with the reasons, in the order shown.</summary>
public sealed record MatchCandidate(int PersonId, string Name, string Kana, bool HasEmail, int Score, IReadOnlyList<MatchReason> Reasons);

/// <summary>What matching found for a need: the best candidates first, and how many there were in all.</summary>
public abstract record MatchResult
{
    public sealed record Found(int NeedId, int ActivityId, IReadOnlyList<MatchCandidate> Candidates, int Total) : MatchResult;
    public sealed record NotFound : MatchResult;
    public sealed record OutOfScope : MatchResult;
    /// <summary>The need is closed or its activity ended: nobody is suggested.</summary>
    public sealed record Closed : MatchResult;
}

/// <summary>
/// Suggests helpers for an open need (候補を探す), ranked with the reasons shown. Never suggested: anyone whose latest
/// 「活動の紹介・おすすめを受ける」 consent is not a yes, anyone without the need's qualification valid now (expired or
/// withdrawn ones never count), anonymised people, anyone already introduced to the need, and anyone outside the
/// coordinator's reach (<see cref="PersonReach"/>). A few set-based queries, whatever the number of people: the profile
/// part of the score for every eligible person, then the rest only for those who can still reach the list.
/// </summary>
public class Matching(TrainingDbContext db, SiteClock clock, Microsoft.Extensions.Options.IOptions<Configuration.ActivitiesOptions> options)
{
    /// <summary>A helper with counted records at this many distinct activities within <c>Activities:ActiveMonths</c> is "already active in many".</summary>
    public const int ManyActivities = 3;
    /// <summary>A completion or qualification granted or renewed this recently counts as "recently trained".</summary>
    public const int RecentlyTrainedMonths = 12;
    /// <summary>The most candidates a list shows.</summary>
    public const int Shown = 50;

    /// <summary>The people whose latest consent for being suggested is a yes (set-based: consents with no later one for the purpose).</summary>
    public static IQueryable<int> Consenting(TrainingDbContext db)
    {
        const ConsentPurpose purpose = ConsentPurpose.ActivitySuggestions;
        return db.Consents.Where(c => c.Purpose == purpose && c.Granted
                && !db.Consents.Any(later => later.PersonId == c.PersonId && later.Purpose == purpose
                    && (later.RecordedAt > c.RecordedAt || (later.RecordedAt == c.RecordedAt && later.Id > c.Id))))
            .Select(c => c.PersonId);
    }

    /// <summary>
    /// Everyone who may be suggested for this need now, by the never-rules alone (no ranking): the one definition the
    /// list and an introduction both ask.
    /// </summary>
    public IQueryable<Person> Eligible(ActivityNeed need, IReadOnlyCollection<int> staffAreas, DateTime utcNow)
    {
        // The qualification is asked of the consent rows, before any person is looked up: the two narrowest rules
        // first, so the person, reach and introduction checks run only for who passes both.
        var consenting = Consenting(db);
        if (need.QualificationTypeId is { } typeId)
        {
            var valid = db.Qualifications.Where(Qualification.ValidAt(utcNow));
            consenting = consenting.Where(id => valid.Any(q => q.PersonId == id && q.QualificationTypeId == typeId));
        }
        return db.People.AsNoTracking()
            .Where(p => p.AnonymisedAt == null && consenting.Contains(p.Id))
            .Where(p => !db.Introductions.Any(i => i.NeedId == need.Id && i.PersonId == p.Id))
            .Within(db, staffAreas);
    }

    /// <summary>The candidates for a need, best first (ties in 五十音順), at most <see cref="Shown"/>, with the count of all.</summary>
    public Task<MatchResult> SuggestAsync(int needId, IReadOnlyCollection<int> staffAreas, CancellationToken cancellationToken = default) =>
        ReadsWithoutJit.RunAsync(db, () => RankAsync(needId, staffAreas, cancellationToken), cancellationToken);

    private async Task<MatchResult> RankAsync(int needId, IReadOnlyCollection<int> staffAreas, CancellationToken cancellationToken)
    {
        var found = await db.ActivityNeeds.AsNoTracking().Where(n => n.Id == needId)
            .Join(db.LocalActivities, n => n.LocalActivityId, a => a.Id, (n, a) => new { Need = n, a.AreaId, a.KindId, a.IsActive })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null) return new MatchResult.NotFound();
        if (!LocalActivities.InScope(staffAreas, found.AreaId)) return new MatchResult.OutOfScope();
        var need = found.Need;
        if (!need.IsOpen || !found.IsActive) return new MatchResult.Closed();

        var now = clock.UtcNow;
        var (areaId, kindId, typeId) = (found.AreaId, found.KindId, need.QualificationTypeId);
        var qualificationName = typeId is null ? null
            : await db.QualificationTypes.AsNoTracking().Where(t => t.Id == typeId).Select(t => t.Name).FirstAsync(cancellationToken);
        var valid = db.Qualifications.Where(Qualification.ValidAt(now));
        var trainedSince = now.AddMonths(-RecentlyTrainedMonths);
        var (today, activeMonths) = (clock.Today, options.Value.ActiveMonths);
        var activeFrom = HelperLifecycle.ActiveFrom(today, activeMonths);
        var counted = db.ActivityRecords.Where(ActivityRecord.Counted);
        var profiles = db.HelperProfiles;

        // Phase 1, over every eligible person: the profile part of the score (district 3, interest 3, days 2), which the
        // helper profile alone decides. The person's one profile joined once (by its unique index), its districts and
        // kinds asked by the profile's key.
        var eligible = await (
                from p in Eligible(need, staffAreas, now)
                join h in profiles on p.Id equals h.PersonId into held
                from h in held.DefaultIfEmpty()
                select new
                {
                    p.Id, p.AreaId,
                    Days = h == null ? (Weekdays?)null : h.Days,
                    NamesAreas = h != null && h.Areas.Any(),
                    InArea = h != null && h.Areas.Any(a => a.AreaId == areaId),
                    Interested = h != null && h.Kinds.Any(k => k.ActivityKindId == kindId),
                })
            .ToListAsync(cancellationToken);
        var profileParts = eligible.ToDictionary(r => r.Id, r => (
            InDistrict: areaId is null ? (bool?)null : r.NamesAreas ? r.InArea : r.AreaId == areaId, r.Interested, Days: need.Days & (r.Days ?? Weekdays.None)));
        var profileScores = profileParts.Select(r => (Id: r.Key, Score: new MatchFacts(r.Value.InDistrict, r.Value.Interested, r.Value.Days,
                Qualification: null, QualificationExpires: null, ActiveActivities: 0, LastTrainedAt: null, LastRecordOn: null).ProfileScore))
            .ToList();

        // Phase 2, only for who can still reach the list: the qualification counts alike for everyone, and the rest
        // (few activities, lapsed or recently trained) adds at most MatchFacts.MaxBeyondProfile. The 50th best profile
        // score is a floor for the 50th best score, so anyone more than that below it can never be shown — an exact cut.
        var floor = profileScores.Count <= Shown ? int.MinValue
            : profileScores.Select(r => r.Score).OrderDescending().ElementAt(Shown - 1) - MatchFacts.MaxBeyondProfile;
        var reachable = profileScores.Where(r => r.Score >= floor).Select(r => r.Id).ToList();

        // The profile part as phase 1 read it; the rest read here.
        var rows = await db.People.AsNoTracking().Where(p => reachable.Contains(p.Id))
            .Select(p => new
            {
                p.Id, p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana, p.KanaSortKey, p.Email,
                Expires = valid.Where(q => q.PersonId == p.Id && q.QualificationTypeId == typeId).Select(q => q.ExpiresAt).FirstOrDefault(),
                Completed = db.Completions.Where(c => c.PersonId == p.Id && c.Status == CompletionStatus.Completed && c.CompletedAt >= trainedSince)
                    .Max(c => (DateTime?)c.CompletedAt),
                Granted = db.Qualifications.Where(q => q.PersonId == p.Id && q.WithdrawnAt == null && (q.LastRenewedAt ?? q.GrantedAt) >= trainedSince)
                    .Max(q => (DateTime?)(q.LastRenewedAt ?? q.GrantedAt)),
                Active = counted.Where(r => r.PersonId == p.Id && r.Date >= activeFrom).Select(r => r.LocalActivityId).Distinct().Count(),
                LastRecord = counted.Where(r => r.PersonId == p.Id).Max(r => (DateOnly?)r.Date),
            })
            .ToListAsync(cancellationToken);

        var candidates = rows.Select(r =>
            {
                var profile = profileParts[r.Id];
                var facts = new MatchFacts(
                    InDistrict: profile.InDistrict,
                    Interested: profile.Interested,
                    Days: profile.Days,
                    Qualification: qualificationName, QualificationExpires: r.Expires,
                    ActiveActivities: r.Active, LastTrainedAt: Max(r.Completed, r.Granted), LastRecordOn: r.LastRecord);
                var (score, reasons) = facts.Rank(now, today, activeMonths);
                return (r.KanaSortKey, Candidate: new MatchCandidate(r.Id, string.IsNullOrEmpty(r.GivenName) ? r.FamilyName : $"{r.FamilyName} {r.GivenName}",
                    string.IsNullOrEmpty(r.GivenNameKana) ? r.FamilyNameKana : $"{r.FamilyNameKana} {r.GivenNameKana}", !string.IsNullOrWhiteSpace(r.Email), score, reasons));
            })
            .OrderByDescending(c => c.Candidate.Score).ThenBy(c => c.KanaSortKey, StringComparer.Ordinal).ThenBy(c => c.Candidate.PersonId)
            .Select(c => c.Candidate).ToList();
        return new MatchResult.Found(need.Id, need.LocalActivityId, candidates.Take(Shown).ToList(), profileScores.Count);
    }

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
