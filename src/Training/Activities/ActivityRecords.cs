using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Time;

namespace Training.Activities;

/// <summary>What became of a change to activity records.</summary>
public abstract record RecordChange
{
    /// <param name="RecordIds">The records written or changed.</param>
    /// <param name="Fields">For a correction, the fields that changed (none: nothing to record).</param>
    public sealed record Saved(IReadOnlyList<int> RecordIds, IReadOnlyList<string> Fields) : RecordChange;
    /// <summary>Refused, nothing saved. A row of the session form is named <c>Row:{personId}</c>.</summary>
    public sealed record Invalid(IReadOnlyList<SettingProblem> Problems) : RecordChange;
    public sealed record NotFound : RecordChange;
    /// <summary>The record's activity is outside the reach: a staff member's districts, or a leader's group.</summary>
    public sealed record OutOfScope : RecordChange;
}

/// <summary>A whole session of an activity as the coordinator's form types it: when, for how long, and one row per helper.</summary>
public class SessionInput
{
    public DateOnly? Date { get; set; }
    public TimeOnly? StartTime { get; set; }
    public int? Hours { get; set; }
    public int? MinutesPart { get; set; }
    public List<SessionRow> Rows { get; set; } = [];

    public int? Minutes => RecordInput.MinutesOf(Hours, MinutesPart);
}

/// <summary>One helper on the session form: took part or not, visits, and a duration of their own when it differs.</summary>
public class SessionRow
{
    public int PersonId { get; set; }
    public bool TookPart { get; set; }
    public int? Visits { get; set; }
    public int? Hours { get; set; }
    public int? MinutesPart { get; set; }

    public int? Minutes => RecordInput.MinutesOf(Hours, MinutesPart);
}

/// <summary>
/// Every change to activity records, in one place: a coordinator's session form, a helper's own record from their page,
/// confirmation or refusal of what a helper typed, correction and cancellation. Each change is audited and runs in one
/// unit of work; <see cref="AfterChange"/> is the one place inside that unit where what follows from records (points)
/// is re-derived for the person and the days touched. A coordinator works only on activities of their districts
/// (empty: every activity), a group's leader only on their group's activity and its people (<see cref="RecordReach"/>).
/// </summary>
public class ActivityRecords(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit, SiteClock clock, Points points)
{
    public static class Messages
    {
        public const string NobodyTicked = "参加した方に印をつけてください。";
        public const string PersonUnknown = "その方の記録が見つかりません。";
        public const string TwiceOnForm = "同じ方が2回入っています。";
        public const string ActivityNotOffered = "その活動は選べません。一覧から選んでください。";
        public const string ActivityEnded = "この活動は終了しています。";
        public const string NotPending = "この記録は確認待ちではありません。";
        public const string WithdrawnByHelper = "本人が取り下げました。";
        public const string ActivityMissing = "活動を選んでください。";
    }

    /// <summary>
    /// The form for a whole session, a coordinator's or the group's leader's: every ticked helper gets a record, all or
    /// nothing, confirmed as typed (the leader's too: they confirm what they record).
    /// </summary>
    public async Task<RecordChange> RecordSessionAsync(int activityId, SessionInput input, RecordReach reach, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var activity = await db.LocalActivities.AsNoTracking().Where(a => a.Id == activityId).Select(a => new { a.Id, a.AreaId, a.Name, a.IsActive }).FirstOrDefaultAsync(cancellationToken);
        if (activity is null) return new RecordChange.NotFound();
        if (!reach.Allows(activity.Id, activity.AreaId)) return new RecordChange.OutOfScope();
        if (!activity.IsActive) return new RecordChange.Invalid([new("", Messages.ActivityEnded)]);

        var now = clock.UtcNow;
        var session = new RecordInput { Date = input.Date, StartTime = input.StartTime, Minutes = input.Minutes };
        var problems = ActivityRecord.Problems(session, StartOf(session), now).ToList();
        if (problems.Count > 0) return new RecordChange.Invalid(problems);
        var ticked = input.Rows.Where(r => r.TookPart).ToList();
        if (ticked.Count == 0) return new RecordChange.Invalid([new("", Messages.NobodyTicked)]);

        var ids = ticked.Select(r => r.PersonId).Distinct().ToList();
        var reachable = await reach.People(db.People.AsNoTracking().Where(p => ids.Contains(p.Id) && p.AnonymisedAt == null), db, activityId)
            .Select(p => p.Id).ToListAsync(cancellationToken);
        var rows = new List<(SessionRow Row, RecordInput Input, DateTime StartsAt)>();
        foreach (var row in ticked)
        {
            var key = $"Row:{row.PersonId}";
            if (!reachable.Contains(row.PersonId)) { problems.Add(new(key, Messages.PersonUnknown)); continue; }
            if (ticked.Count(r => r.PersonId == row.PersonId) > 1) { problems.Add(new(key, Messages.TwiceOnForm)); continue; }
            var own = new RecordInput { Date = session.Date, StartTime = session.StartTime, Minutes = row.Minutes ?? session.Minutes, Visits = row.Visits };
            var startsAt = StartOf(own)!.Value;
            var rowProblems = ActivityRecord.Problems(own, startsAt, now).ToList();
            if (rowProblems.Count == 0 && await OverlapsAsync(row.PersonId, startsAt, own.Minutes!.Value, null, cancellationToken))
                rowProblems.Add(new(nameof(RecordInput.Date), ActivityRecord.Messages.Overlaps));
            problems.AddRange(rowProblems.Select(p => new SettingProblem(key, p.Message)));
            rows.Add((row, own, startsAt));
        }
        if (problems.Count > 0) return new RecordChange.Invalid(problems.DistinctBy(p => (p.Field, p.Message)).ToList());

        return await unitOfWork.RunAsync<RecordChange>(async ct =>
        {
            var names = await NamesAsync(ids, ct);
            var added = rows.Select(r => ActivityRecord.Create(r.Row.PersonId, activityId, r.Input, r.StartsAt, reach.Source, actor.StaffUserId, now)).ToList();
            db.ActivityRecords.AddRange(added);
            await db.SaveChangesAsync(ct);
            foreach (var record in added)
            {
                Record(actor, AuditAction.ActivityRecordAdd, record, activity.Name, names.GetValueOrDefault(record.PersonId, ""), Describe(record));
                await AfterChange(record.PersonId, [record.Date], ct);
            }
            return new RecordChange.Saved(added.Select(r => r.Id).ToList(), []);
        }, keep: outcome => outcome is RecordChange.Saved, cancellationToken);
    }

    /// <summary>
    /// The activities a helper may record from their own page: those they already have records at, and the listed,
    /// running activities of their district (and city-wide ones). Sorted by furigana.
    /// </summary>
    public static IQueryable<LocalActivity> OfferedTo(TrainingDbContext db, int personId, int? personAreaId) =>
        db.LocalActivities.Where(a => db.ActivityRecords.Any(r => r.PersonId == personId && r.LocalActivityId == a.Id)
            || (a.IsActive && a.ListedPublicly && (a.AreaId == null || a.AreaId == personAreaId)));

    /// <summary>A helper's own record, typed on their page: waits for a coordinator's confirmation.</summary>
    public async Task<RecordChange> SubmitOwnAsync(int personId, int? activityId, RecordInput input, CancellationToken cancellationToken = default)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId && p.AnonymisedAt == null).Select(p => new { p.Id, p.AreaId, p.FamilyName, p.GivenName })
            .FirstOrDefaultAsync(cancellationToken);
        if (person is null) return new RecordChange.NotFound();
        var problems = new List<SettingProblem>();
        var activity = activityId is null ? null
            : await OfferedTo(db, personId, person.AreaId).Where(a => a.Id == activityId).Select(a => new { a.Id, a.Name, a.IsActive }).FirstOrDefaultAsync(cancellationToken);
        if (activityId is null) problems.Add(new("ActivityId", Messages.ActivityMissing));
        else if (activity is null) problems.Add(new("ActivityId", Messages.ActivityNotOffered));
        else if (!activity.IsActive) problems.Add(new("ActivityId", Messages.ActivityEnded));
        var now = clock.UtcNow;
        var startsAt = StartOf(input);
        problems.AddRange(ActivityRecord.Problems(input, startsAt, now));
        if (problems.Count == 0 && await OverlapsAsync(personId, startsAt!.Value, input.Minutes!.Value, null, cancellationToken))
            problems.Add(new(nameof(RecordInput.Date), ActivityRecord.Messages.Overlaps));
        if (problems.Count > 0) return new RecordChange.Invalid(problems);

        return await unitOfWork.RunAsync<RecordChange>(async ct =>
        {
            var record = ActivityRecord.Create(personId, activity!.Id, input, startsAt!.Value, RecordSource.Helper, null, now);
            db.ActivityRecords.Add(record);
            await db.SaveChangesAsync(ct);
            Record(Actor.Resident, AuditAction.ActivityRecordSubmit, record, activity.Name, $"{person.FamilyName} {person.GivenName}".Trim(), Describe(record));
            await AfterChange(personId, [record.Date], ct);
            return new RecordChange.Saved([record.Id], []);
        }, keep: outcome => outcome is RecordChange.Saved, cancellationToken);
    }

    /// <summary>A helper takes back a record of their own still waiting for confirmation (kept, cancelled, counted nowhere).</summary>
    public Task<RecordChange> WithdrawOwnAsync(int personId, int recordId, CancellationToken cancellationToken = default) =>
        unitOfWork.RunAsync<RecordChange>(async ct =>
        {
            var record = await db.ActivityRecords.Include(r => r.LocalActivity).FirstOrDefaultAsync(r => r.Id == recordId && r.PersonId == personId, ct);
            if (record is null) return new RecordChange.NotFound();
            if (record.Status != RecordStatus.Pending || record.CancelledAt is not null) return new RecordChange.Invalid([new("", Messages.NotPending)]);
            record.Cancel(Messages.WithdrawnByHelper, clock.UtcNow);
            Record(Actor.Resident, AuditAction.ActivityRecordWithdraw, record, record.LocalActivity!.Name, await NameAsync(personId, ct), Describe(record));
            await AfterChange(personId, [record.Date], ct);
            return new RecordChange.Saved([record.Id], []);
        }, keep: outcome => outcome is RecordChange.Saved, cancellationToken);

    /// <summary>A coordinator (or the group's leader) confirms what a helper typed: from now on it counts.</summary>
    public Task<RecordChange> ConfirmAsync(int recordId, RecordReach reach, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(recordId, reach, async (record, ct) =>
        {
            if (record.CancelledAt is not null) return new RecordChange.Invalid([new("", ActivityRecord.Messages.Cancelled)]);
            if (!record.Confirm(actor.StaffUserId ?? "", clock.UtcNow)) return new RecordChange.Invalid([new("", ActivityRecord.Messages.AlreadyConfirmed)]);
            Record(actor, AuditAction.ActivityRecordConfirm, record, record.LocalActivity!.Name, await NameAsync(record.PersonId, ct), Describe(record));
            await AfterChange(record.PersonId, [record.Date], ct);
            return new RecordChange.Saved([record.Id], []);
        }, cancellationToken);

    /// <summary>
    /// Takes a record back with the reason: a coordinator's record typed by mistake, or (<paramref name="refuse"/>) a
    /// helper's pending record that did not happen so. Kept on record, counted nowhere.
    /// </summary>
    public Task<RecordChange> CancelAsync(int recordId, string? reason, bool refuse, RecordReach reach, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(recordId, reach, async (record, ct) =>
        {
            if (string.IsNullOrWhiteSpace(reason)) return new RecordChange.Invalid([new("Reason", ActivityRecord.Messages.CancelReasonMissing)]);
            if (reason.Trim().Length > ActivityRecord.NoteMaxLength) return new RecordChange.Invalid([new("Reason", ActivityRecord.Messages.NoteTooLong)]);
            if (refuse && record.Status != RecordStatus.Pending) return new RecordChange.Invalid([new("", Messages.NotPending)]);
            if (!record.Cancel(reason, clock.UtcNow)) return new RecordChange.Invalid([new("", ActivityRecord.Messages.Cancelled)]);
            Record(actor, refuse ? AuditAction.ActivityRecordRefuse : AuditAction.ActivityRecordCancel, record, record.LocalActivity!.Name,
                await NameAsync(record.PersonId, ct), $"{Describe(record)}　理由: {record.CancelReason}");
            await AfterChange(record.PersonId, [record.Date], ct);
            return new RecordChange.Saved([record.Id], []);
        }, cancellationToken);

    /// <summary>Corrects one record (date, start, duration, visits, note), refused with the reason as the forms are; audited with what changed.</summary>
    public async Task<RecordChange> CorrectAsync(int recordId, RecordInput input, RecordReach reach, Actor actor, CancellationToken cancellationToken = default)
    {
        var found = await db.ActivityRecords.AsNoTracking().Where(r => r.Id == recordId)
            .Select(r => new { r.PersonId, r.LocalActivityId, r.LocalActivity!.AreaId, r.CancelledAt }).FirstOrDefaultAsync(cancellationToken);
        if (found is null) return new RecordChange.NotFound();
        if (!reach.Allows(found.LocalActivityId, found.AreaId)) return new RecordChange.OutOfScope();
        if (found.CancelledAt is not null) return new RecordChange.Invalid([new("", ActivityRecord.Messages.Cancelled)]);
        var startsAt = StartOf(input);
        var problems = ActivityRecord.Problems(input, startsAt, clock.UtcNow).ToList();
        if (problems.Count == 0 && await OverlapsAsync(found.PersonId, startsAt!.Value, input.Minutes!.Value, recordId, cancellationToken))
            problems.Add(new(nameof(RecordInput.Date), ActivityRecord.Messages.Overlaps));
        if (problems.Count > 0) return new RecordChange.Invalid(problems);

        return await ChangeAsync(recordId, reach, async (record, ct) =>
        {
            var before = RecordInput.From(record);
            var beforeDate = record.Date;
            var fields = record.Correct(input, startsAt!.Value, clock.UtcNow);
            if (fields.Count == 0) return new RecordChange.Saved([record.Id], fields);
            var after = RecordInput.From(record);
            var changes = fields.Select(f => $"{RecordInput.FieldLabels[f]}: {Show(f, before)} → {Show(f, after)}");
            Record(actor, AuditAction.ActivityRecordEdit, record, record.LocalActivity!.Name, await NameAsync(record.PersonId, ct), string.Join("、", changes));
            await AfterChange(record.PersonId, beforeDate == record.Date ? [record.Date] : [beforeDate, record.Date], ct);
            return new RecordChange.Saved([record.Id], fields);
        }, cancellationToken);
    }

    /// <summary>
    /// The one place, inside the change's unit of work, where what is derived from a person's records on these days is
    /// re-derived (volunteer points, issue 27 item 7, joins here). Nothing to do yet: stages are derived when read.
    /// </summary>
    private async Task AfterChange(int personId, IReadOnlyCollection<DateOnly> dates, CancellationToken cancellationToken)
    {
        // Points of each fiscal year a record was or is in (a correction across 1 April touches two), in this unit.
        foreach (var year in dates.Select(clock.FiscalYearOf).Distinct())
            await points.RederiveAsync(personId, year, cancellationToken);
    }

    private Task<RecordChange> ChangeAsync(int recordId, RecordReach reach, Func<ActivityRecord, CancellationToken, Task<RecordChange>> change,
        CancellationToken cancellationToken) =>
        unitOfWork.RunAsync(async ct =>
        {
            var record = await db.ActivityRecords.Include(r => r.LocalActivity).FirstOrDefaultAsync(r => r.Id == recordId, ct);
            if (record is null) return new RecordChange.NotFound();
            if (!reach.Allows(record.LocalActivityId, record.LocalActivity!.AreaId)) return new RecordChange.OutOfScope();
            return await change(record, ct);
        }, keep: outcome => outcome is RecordChange.Saved, cancellationToken);

    private DateTime? StartOf(RecordInput input) => input is { Date: { } date, StartTime: { } start } ? clock.ToUtc(date, start) : null;

    private Task<bool> OverlapsAsync(int personId, DateTime startsAt, int minutes, int? exceptId, CancellationToken cancellationToken) =>
        db.ActivityRecords.AnyAsync(ActivityRecord.OverlapsSpan(personId, startsAt, startsAt.AddMinutes(minutes), exceptId), cancellationToken);

    private async Task<Dictionary<int, string>> NamesAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        (await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.FamilyName, p.GivenName }).ToListAsync(cancellationToken))
        .ToDictionary(p => p.Id, p => $"{p.FamilyName} {p.GivenName}".Trim());

    private async Task<string> NameAsync(int personId, CancellationToken cancellationToken) => (await NamesAsync([personId], cancellationToken)).GetValueOrDefault(personId, "");

    private static string Describe(ActivityRecord r) =>
        $"{r.Date:yyyy-MM-dd} {r.StartTime:HH\\:mm} {r.Minutes}分 訪問{r.Visits}回{(r.Note == "" ? "" : " " + r.Note)}";

    private static string Show(string field, RecordInput input) => field switch
    {
        nameof(RecordInput.Date) => input.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        nameof(RecordInput.StartTime) => input.StartTime?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "",
        nameof(RecordInput.Minutes) => $"{input.Minutes}分",
        nameof(RecordInput.Visits) => $"{input.Visits}回",
        _ => input.Note ?? "",
    };

    private void Record(Actor actor, AuditAction action, ActivityRecord record, string activityName, string personName, string details) =>
        audit.Record(actor, action, new AuditTarget("ActivityRecord", record.Id.ToString(CultureInfo.InvariantCulture), $"{personName}（{activityName}）", record.PersonId),
            details);
}
