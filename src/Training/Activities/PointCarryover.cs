using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;

namespace Training.Activities;

/// <summary>
/// Points a helper earned before the city used this product (以前の台帳から, 移行分): one line of the paper stamp card or
/// spreadsheet, brought in by an import (<see cref="PointCarryoverImport"/>). Never an award: awards are derived from
/// activity records, these were earned elsewhere and are taken as written. They count in the balance of their fiscal
/// year and, when their kind is known, toward that kind's day, month and fiscal-year caps (<see cref="PointLedger"/>),
/// so a helper near a cap on paper earns only what is left of it here. Corrected or cancelled by staff, never deleted.
/// </summary>
public class PointCarryover
{
    private PointCarryover() { }

    public int Id { get; private set; }
    public int PersonId { get; private set; }
    /// <summary>The fiscal year of <see cref="Date"/> by the city's fiscal-year start (kept so a year's queries need no date arithmetic).</summary>
    public int FiscalYear { get; private set; }
    /// <summary>The day the points were earned, or the ledger's closing day when it kept only totals.</summary>
    public DateOnly Date { get; private set; }
    /// <summary>The activity kind; null: the ledger did not say (種類不明) — counted in the balance only, toward no cap.</summary>
    public int? KindId { get; private set; }
    public int Points { get; private set; }
    public string Note { get; private set; } = "";
    /// <summary>One import's entries share it, so what one file brought in can be found (and taken back) together.</summary>
    public string BatchId { get; private set; } = "";
    public string? ImportedByStaffId { get; private set; }
    public DateTime ImportedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public string CancelReason { get; private set; } = "";

    /// <summary>More than any helper earns in a year under any scheme we know: a larger figure is a typing error (a yen amount, an extra zero).</summary>
    public const int MaxPoints = 100_000;
    public const int NoteMaxLength = 200;
    /// <summary>No ledger we bring in is older than this.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static class Messages
    {
        public const string DateMissing = "ポイントがついた日（わからなければ台帳をしめた日）を入力してください。";
        public const string DateInFuture = "まだ来ていない日付です。";
        public const string DateTooEarly = "2000年より前の日付は入力できません。";
        public const string PointsInvalid = "ポイントは1から100,000までの整数で入力してください。";
        public const string NoteTooLong = "メモは200文字以内で入力してください。";
        public const string KindUnknown = "その活動の種類はありません。「地域の活動の種類」にある名前か、空欄（種類不明）にしてください。";
        public const string Cancelled = "この分は取り消されています。";
        public const string CancelReasonMissing = "取り消す理由を入力してください。";
    }

    /// <summary>Counted in balances and caps: not cancelled. For queries.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<PointCarryover, bool>> Counted = c => c.CancelledAt == null;

    /// <summary>Every problem with an entry as typed or read from a ledger, given the city's today (the kind's existence is the service's to ask).</summary>
    public static IEnumerable<SettingProblem> Problems(PointCarryoverInput input, DateOnly today)
    {
        if (input.Date is not { } date) yield return new(nameof(input.Date), Messages.DateMissing);
        else if (date > today) yield return new(nameof(input.Date), Messages.DateInFuture);
        else if (date < Earliest) yield return new(nameof(input.Date), Messages.DateTooEarly);
        if (input.Points is not (> 0 and <= MaxPoints)) yield return new(nameof(input.Points), Messages.PointsInvalid);
        if ((input.Note?.Trim().Length ?? 0) > NoteMaxLength) yield return new(nameof(input.Note), Messages.NoteTooLong);
    }

    /// <summary>A new entry; <paramref name="fiscalYear"/> is the fiscal year of the input's date (SiteClock.FiscalYearOf).</summary>
    public static PointCarryover Create(int personId, PointCarryoverInput input, int fiscalYear, DateOnly today, string batchId, string? staffId, DateTime nowUtc)
    {
        var entry = new PointCarryover { PersonId = personId, BatchId = batchId, ImportedByStaffId = staffId, ImportedAt = nowUtc };
        entry.Apply(input, fiscalYear, today, nowUtc);
        return entry;
    }

    /// <summary>Corrects the entry; the names of the fields that changed (none: nothing to record).</summary>
    public IReadOnlyList<string> Correct(PointCarryoverInput input, int fiscalYear, DateOnly today, DateTime nowUtc)
    {
        if (CancelledAt is not null) throw new InvalidOperationException(Messages.Cancelled);
        var before = PointCarryoverInput.From(this);
        Apply(input, fiscalYear, today, nowUtc);
        var after = PointCarryoverInput.From(this);
        return PointCarryoverInput.FieldLabels.Keys.Where(f => PointCarryoverInput.Show(f, before) != PointCarryoverInput.Show(f, after)).ToList();
    }

    /// <summary>Takes the entry back with the reason (brought in by mistake); kept on record, counted nowhere. False: it already was.</summary>
    public bool Cancel(string reason, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new ArgumentException(Messages.CancelReasonMissing, nameof(reason));
        if (CancelledAt is not null) return false;
        CancelledAt = nowUtc;
        CancelReason = reason.Trim();
        UpdatedAt = nowUtc;
        return true;
    }

    private void Apply(PointCarryoverInput input, int fiscalYear, DateOnly today, DateTime nowUtc)
    {
        if (Problems(input, today).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        Date = input.Date!.Value;
        FiscalYear = fiscalYear;
        KindId = input.KindId;
        Points = input.Points!.Value;
        Note = input.Note?.Trim() ?? "";
        UpdatedAt = nowUtc;
    }
}

/// <summary>An entry brought in from an earlier ledger as a form or an import row types it.</summary>
public class PointCarryoverInput
{
    public DateOnly? Date { get; set; }
    /// <summary>Null: 種類不明.</summary>
    public int? KindId { get; set; }
    public int? Points { get; set; }
    public string? Note { get; set; }

    public static PointCarryoverInput From(PointCarryover c) => new() { Date = c.Date, KindId = c.KindId, Points = c.Points, Note = c.Note };

    /// <summary>Each field's label, as forms and the audit name it (Japanese; the site's resources hold the English).</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        [nameof(Date)] = "日付", [nameof(KindId)] = "活動の種類", [nameof(Points)] = "ポイント", [nameof(Note)] = "メモ",
    };

    /// <summary>A field's value as the audit writes it (the kind by its id; the service names it).</summary>
    public static string Show(string field, PointCarryoverInput input) => field switch
    {
        nameof(Date) => input.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        nameof(KindId) => input.KindId?.ToString(CultureInfo.InvariantCulture) ?? "",
        nameof(Points) => input.Points?.ToString(CultureInfo.InvariantCulture) ?? "",
        _ => input.Note?.Trim() ?? "",
    };
}

public class PointCarryoverConfiguration : IEntityTypeConfiguration<PointCarryover>
{
    public void Configure(EntityTypeBuilder<PointCarryover> builder)
    {
        builder.Property(c => c.Note).HasMaxLength(PointCarryover.NoteMaxLength);
        builder.Property(c => c.CancelReason).HasMaxLength(PointCarryover.NoteMaxLength);
        builder.Property(c => c.BatchId).HasMaxLength(40);
        builder.Property(c => c.ImportedByStaffId).HasMaxLength(450);
        builder.HasOne<Training.People.Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ActivityKind>().WithMany().HasForeignKey(c => c.KindId).OnDelete(DeleteBehavior.Restrict);
        // A year's entries by person (balances, the derivation's carried usage, the statement, the export); one import's together.
        builder.HasIndex(c => new { c.FiscalYear, c.PersonId });
        builder.HasIndex(c => c.BatchId);
    }
}
