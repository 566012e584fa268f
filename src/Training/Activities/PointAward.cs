using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Training.Activities;

/// <summary>
/// What cut a record's points, or why it earned none: a cap (day, month, fiscal year — the last of them that lowered it),
/// or eligibility (the age, the designated program), or no rule for its kind that year.
/// </summary>
public enum PointCut { None, Day, Month, Year, Age, Program, NoRule }

/// <summary>
/// The points one counted activity record earned: derived, never typed. The rows of a helper's fiscal year are derived
/// again as a whole (<see cref="PointLedger"/>) whenever one of their records or a rule changes, so re-deriving twice
/// gives the same rows and a record is never counted twice (the record is the key).
/// </summary>
public class PointAward
{
    private PointAward() { }

    public int RecordId { get; private set; }
    public int PersonId { get; private set; }
    public int FiscalYear { get; private set; }
    public int KindId { get; private set; }
    public DateOnly Date { get; private set; }
    /// <summary>What the rule gives the record before any cap (0 when not eligible or no rule).</summary>
    public int PointsBeforeCap { get; private set; }
    public int Points { get; private set; }
    public PointCut Cut { get; private set; }

    public int CutPoints => PointsBeforeCap - Points;

    public static PointAward Of(int recordId, int personId, int fiscalYear, int kindId, DateOnly date, int pointsBeforeCap, int points, PointCut cut) => new()
    {
        RecordId = recordId, PersonId = personId, FiscalYear = fiscalYear, KindId = kindId, Date = date, PointsBeforeCap = pointsBeforeCap, Points = points, Cut = cut,
    };

    public override bool Equals(object? obj) => obj is PointAward a && (a.RecordId, a.PersonId, a.FiscalYear, a.KindId, a.Date, a.PointsBeforeCap, a.Points, a.Cut)
        == (RecordId, PersonId, FiscalYear, KindId, Date, PointsBeforeCap, Points, Cut);

    public override int GetHashCode() => HashCode.Combine(RecordId, PointsBeforeCap, Points, Cut);
}

/// <summary>Whether the city runs volunteer points at all; one row, an administrator's switch. Off: no points anywhere but the switch.</summary>
public class PointScheme
{
    public const int SingletonId = 1;
    public int Id { get; private set; } = SingletonId;
    public bool Enabled { get; private set; }
    public DateTime ChangedAt { get; private set; }

    public static PointScheme Create() => new();

    /// <summary>Turns points on or off; false: it already was so.</summary>
    public bool Set(bool enabled, DateTime nowUtc)
    {
        if (Enabled == enabled) return false;
        Enabled = enabled;
        ChangedAt = nowUtc;
        return true;
    }
}

/// <summary>
/// A fiscal year whose points must be derived again as a whole (a rule changed, points were turned on): written in the
/// same unit as the change, cleared by the derivation that finishes it, so a crash half-way leaves the mark for the
/// sweep. Why the last try failed is kept here and shown on the points page.
/// </summary>
public class PointYearMark
{
    private PointYearMark() { }

    public int FiscalYear { get; private set; }
    public DateTime MarkedAt { get; private set; }
    public DateTime? LastTriedAt { get; private set; }
    public string? LastError { get; private set; }

    public static PointYearMark For(int fiscalYear, DateTime nowUtc) => new() { FiscalYear = fiscalYear, MarkedAt = nowUtc };

    public void Again(DateTime nowUtc) => MarkedAt = nowUtc;

    public void Failed(string error, DateTime nowUtc)
    {
        LastTriedAt = nowUtc;
        LastError = error.Length > 1000 ? error[..1000] : error;
    }
}

public class PointAwardConfiguration : IEntityTypeConfiguration<PointAward>
{
    public void Configure(EntityTypeBuilder<PointAward> builder)
    {
        builder.HasKey(a => a.RecordId);
        builder.Property(a => a.RecordId).ValueGeneratedNever();
        builder.Property(a => a.Cut).HasConversion<string>().HasMaxLength(10);
        builder.Ignore(a => a.CutPoints);
        // No foreign key to the record: awards are derived rows, and the derivation deletes those of records that no
        // longer count; the key's check on every award written cost a whole year's write on PostgreSQL as much again.
        // Whatever deletes records deletes their awards in the same unit (PeopleImport's take-back).
        // A year's awards by person: balances, the statement, the export, and the whole-year delete.
        builder.HasIndex(a => new { a.FiscalYear, a.PersonId });
    }
}

public class PointSchemeConfiguration : IEntityTypeConfiguration<PointScheme>
{
    public void Configure(EntityTypeBuilder<PointScheme> builder) => builder.Property(s => s.Id).ValueGeneratedNever();
}

public class PointYearMarkConfiguration : IEntityTypeConfiguration<PointYearMark>
{
    public void Configure(EntityTypeBuilder<PointYearMark> builder)
    {
        builder.HasKey(m => m.FiscalYear);
        builder.Property(m => m.FiscalYear).ValueGeneratedNever();
        builder.Property(m => m.LastError).HasMaxLength(1000);
    }
}
