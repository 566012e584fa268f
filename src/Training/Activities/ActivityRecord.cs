using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;

namespace Training.Activities;

/// <summary>Who typed an activity record in: a coordinator (confirmed as typed), the helper from their own page, or a group's leader.</summary>
public enum RecordSource { Staff, Helper, Leader }

/// <summary>Pending until a coordinator (or the group's leader) confirms what a helper typed; only confirmed records count.</summary>
public enum RecordStatus { Pending, Confirmed }

/// <summary>
/// One helper's part in a local activity on one day: when they started, for how long, how many visits (見守り, 買い物支援).
/// Figures that follow from it — active or lapsed, points, the report's hours — are derived from confirmed records that
/// are not cancelled (<see cref="Counted"/>), so correcting or cancelling a record re-derives them. Changed only through its methods.
/// </summary>
public class ActivityRecord
{
    public int Id { get; private set; }
    public int PersonId { get; private set; }
    public int LocalActivityId { get; private set; }
    public LocalActivity? LocalActivity { get; private set; }
    /// <summary>The day in the city's time zone (the day fiscal years, months and caps count by).</summary>
    public DateOnly Date { get; private set; }
    /// <summary>When it began, in the city's time zone.</summary>
    public TimeOnly StartTime { get; private set; }
    public int Minutes { get; private set; }
    /// <summary>The same span as instants (UTC), for overlap and "not in the future".</summary>
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public int Visits { get; private set; }
    public string Note { get; private set; } = "";
    public RecordSource Source { get; private set; }
    public RecordStatus Status { get; private set; }
    public DateTime EnteredAt { get; private set; }
    /// <summary>The staff member (or leader account) who typed it; null: the helper from their own page.</summary>
    public string? EnteredByStaffId { get; private set; }
    public DateTime? ConfirmedAt { get; private set; }
    public string? ConfirmedByStaffId { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public string CancelReason { get; private set; } = "";
    public DateTime UpdatedAt { get; private set; }

    public const int MaxMinutes = 24 * 60;
    public const int MaxVisits = 99;
    public const int NoteMaxLength = 200;

    public static class Messages
    {
        public const string DateMissing = "活動した日を入力してください。";
        public const string StartMissing = "始めた時刻を入力してください（例：10:00）。";
        public const string DurationInvalid = "活動した時間を、1分以上24時間以内で入力してください。";
        public const string VisitsInvalid = "訪問の回数は0から99で入力してください。";
        public const string NoteTooLong = "メモは200文字以内で入力してください。";
        public const string InFuture = "まだ終わっていない活動は記録できません。終わってから入力してください。";
        public const string Overlaps = "この方は、同じ時間に別の活動の記録があります。時刻を確かめてください。";
        public const string Cancelled = "この記録は取り消されています。";
        public const string AlreadyConfirmed = "この記録はすでに確認済みです。";
        public const string CancelReasonMissing = "取り消す理由を入力してください。";
    }

    /// <summary>Counted in every figure: confirmed and not cancelled. For queries; <see cref="Counts"/> in code.</summary>
    public static readonly Expression<Func<ActivityRecord, bool>> Counted = r => r.Status == RecordStatus.Confirmed && r.CancelledAt == null;

    public bool Counts => Status == RecordStatus.Confirmed && CancelledAt is null;

    /// <summary>
    /// Every problem with a record as typed, given when it would start and end as instants and the time now (an activity
    /// not yet over cannot be recorded). Overlap with the helper's other records is <see cref="Overlap"/>, asked by the service.
    /// </summary>
    public static IEnumerable<SettingProblem> Problems(RecordInput input, DateTime? startsAtUtc, DateTime nowUtc)
    {
        if (input.Date is null) yield return new(nameof(RecordInput.Date), Messages.DateMissing);
        if (input.StartTime is null) yield return new(nameof(RecordInput.StartTime), Messages.StartMissing);
        if (input.Minutes is not (> 0 and <= MaxMinutes)) yield return new(nameof(RecordInput.Minutes), Messages.DurationInvalid);
        if (input.Visits is < 0 or > MaxVisits) yield return new(nameof(RecordInput.Visits), Messages.VisitsInvalid);
        if ((input.Note?.Trim().Length ?? 0) > NoteMaxLength) yield return new(nameof(RecordInput.Note), Messages.NoteTooLong);
        if (startsAtUtc is { } start && input.Minutes is > 0 and <= MaxMinutes && start.AddMinutes(input.Minutes.Value) > nowUtc)
            yield return new(nameof(RecordInput.Date), Messages.InFuture);
    }

    /// <summary>Whether two spans of one helper overlap (touching ends do not: 10:00–12:00 then 12:00–13:00 is fine).</summary>
    public static bool Overlap(DateTime startsAt, DateTime endsAt, DateTime otherStartsAt, DateTime otherEndsAt) => startsAt < otherEndsAt && otherStartsAt < endsAt;

    /// <summary>For queries: this helper's counted or pending records overlapping a span (cancelled ones never block).</summary>
    public static Expression<Func<ActivityRecord, bool>> OverlapsSpan(int personId, DateTime startsAt, DateTime endsAt, int? exceptId) =>
        r => r.PersonId == personId && r.CancelledAt == null && r.Id != (exceptId ?? 0) && r.StartsAt < endsAt && startsAt < r.EndsAt;

    /// <summary>
    /// A new record. <paramref name="startsAtUtc"/> is the input's date and start time in the city's zone as an instant.
    /// A coordinator's or a group leader's record is confirmed as typed (they confirm what they record); a helper's own waits for confirmation.
    /// </summary>
    public static ActivityRecord Create(int personId, int localActivityId, RecordInput input, DateTime startsAtUtc, RecordSource source, string? staffId, DateTime nowUtc)
    {
        var record = new ActivityRecord { PersonId = personId, LocalActivityId = localActivityId, Source = source, EnteredAt = nowUtc, EnteredByStaffId = staffId };
        record.Apply(input, startsAtUtc, nowUtc);
        record.Status = RecordStatus.Pending;
        if (source is RecordSource.Staff or RecordSource.Leader) record.Confirm(staffId!, nowUtc);
        return record;
    }

    /// <summary>Corrects the record; the names of the fields that changed (none: nothing to record).</summary>
    public IReadOnlyList<string> Correct(RecordInput input, DateTime startsAtUtc, DateTime nowUtc)
    {
        if (CancelledAt is not null) throw new InvalidOperationException(Messages.Cancelled);
        var before = RecordInput.From(this);
        Apply(input, startsAtUtc, nowUtc);
        var after = RecordInput.From(this);
        return RecordInput.FieldLabels.Keys.Where(f =>
        {
            var p = typeof(RecordInput).GetProperty(f)!;
            return !Equals(p.GetValue(before), p.GetValue(after));
        }).ToList();
    }

    private void Apply(RecordInput input, DateTime startsAtUtc, DateTime nowUtc)
    {
        if (Problems(input, startsAtUtc, nowUtc).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        Date = input.Date!.Value;
        StartTime = input.StartTime!.Value;
        Minutes = input.Minutes!.Value;
        StartsAt = DateTime.SpecifyKind(startsAtUtc, DateTimeKind.Utc);
        EndsAt = StartsAt.AddMinutes(Minutes);
        Visits = input.Visits ?? 0;
        Note = input.Note?.Trim() ?? "";
        UpdatedAt = nowUtc;
    }

    /// <summary>A coordinator (or the group's leader) confirms what was typed. False: it already was.</summary>
    public bool Confirm(string staffId, DateTime nowUtc)
    {
        if (CancelledAt is not null) throw new InvalidOperationException(Messages.Cancelled);
        if (Status == RecordStatus.Confirmed) return false;
        Status = RecordStatus.Confirmed;
        ConfirmedAt = nowUtc;
        ConfirmedByStaffId = staffId;
        UpdatedAt = nowUtc;
        return true;
    }

    /// <summary>Takes the record back (typed by mistake, or a pending one refused), with the reason; kept on record, counted nowhere.</summary>
    public bool Cancel(string reason, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException(Messages.CancelReasonMissing, nameof(reason));
        if (CancelledAt is not null) return false;
        CancelledAt = nowUtc;
        CancelReason = reason.Trim();
        UpdatedAt = nowUtc;
        return true;
    }
}

/// <summary>An activity record as a form types it (the one input model, for the coordinator's session form, the helper's own page and imports).</summary>
public class RecordInput
{
    public DateOnly? Date { get; set; }
    public TimeOnly? StartTime { get; set; }
    /// <summary>How long, in minutes (forms ask hours and minutes).</summary>
    public int? Minutes { get; set; }
    public int? Visits { get; set; }
    public string? Note { get; set; }

    public static RecordInput From(ActivityRecord r) => new() { Date = r.Date, StartTime = r.StartTime, Minutes = r.Minutes, Visits = r.Visits, Note = r.Note };

    /// <summary>The hours a form's select offers (0–24) and the minutes beside them (every 5).</summary>
    public static readonly IReadOnlyList<int> HourChoices = Enumerable.Range(0, 25).ToList();
    public static readonly IReadOnlyList<int> MinuteChoices = Enumerable.Range(0, 12).Select(m => m * 5).ToList();

    /// <summary>
    /// A duration from a form's hours and minutes selects; null when neither was chosen. Out-of-range parts give a
    /// value <see cref="ActivityRecord.Problems"/> refuses (a negative number, more than 24 hours), never a silent fix.
    /// </summary>
    public static int? MinutesOf(int? hours, int? minutes) =>
        hours is null && minutes is null ? null
        : hours is < 0 || minutes is < 0 or > 59 ? -1
        : (hours ?? 0) * 60 + (minutes ?? 0);

    /// <summary>A duration in minutes as the hours and minutes the form's selects show.</summary>
    public static (int Hours, int Minutes) Split(int minutes) => (minutes / 60, minutes % 60);

    /// <summary>Each field's label, as forms and the audit name it (Japanese; the site's resources hold the English).</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        [nameof(Date)] = "活動した日", [nameof(StartTime)] = "始めた時刻", [nameof(Minutes)] = "活動した時間", [nameof(Visits)] = "訪問の回数", [nameof(Note)] = "メモ",
    };
}

public class ActivityRecordConfiguration : IEntityTypeConfiguration<ActivityRecord>
{
    public void Configure(EntityTypeBuilder<ActivityRecord> builder)
    {
        builder.ToTable("ActivityRecords");
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Note).HasMaxLength(ActivityRecord.NoteMaxLength);
        builder.Property(r => r.CancelReason).HasMaxLength(ActivityRecord.NoteMaxLength);
        builder.Property(r => r.EnteredByStaffId).HasMaxLength(450);
        builder.Property(r => r.ConfirmedByStaffId).HasMaxLength(450);
        builder.HasOne<Training.People.Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.LocalActivity).WithMany().HasForeignKey(r => r.LocalActivityId).OnDelete(DeleteBehavior.Restrict);
        // A helper's records by time (overlap, history, lifecycle); an activity's by day (the session form, reports, points).
        builder.HasIndex(r => new { r.PersonId, r.StartsAt });
        builder.HasIndex(r => new { r.LocalActivityId, r.Date });
        builder.HasIndex(r => new { r.Date, r.Status });
        // Matching's per-candidate facts (distinct activities lately, last counted day) read from the index alone.
        builder.HasIndex(r => new { r.PersonId, r.Status, r.CancelledAt, r.Date, r.LocalActivityId }).HasDatabaseName("IX_ActivityRecords_Matching");
    }
}
