using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;

namespace Training.Activities;

/// <summary>How a rule counts a record's points: so many per visit, or by how long the helper was active (bands of minutes).</summary>
public enum PointMode { PerVisit, ByDuration }

/// <summary>One duration band: a record of at least <see cref="MinMinutes"/> minutes earns <see cref="Points"/> (the longest band reached counts).</summary>
public sealed record PointBand(int MinMinutes, int Points);

/// <summary>
/// The volunteer-points rule (ボランティアポイント) of one kind of activity, from a fiscal year on: what a counted record
/// earns, the caps per day, month and fiscal year (each optional, each per helper and kind), and who is eligible (an age
/// reached, a program completed). A change takes effect from the fiscal year it names: a rule saved for next April never
/// rewrites this year, and one saved for this year re-derives this year. Changed only through its methods.
/// </summary>
public class PointRule
{
    public int Id { get; private set; }
    public int KindId { get; private set; }
    public ActivityKind? Kind { get; private set; }
    /// <summary>The first fiscal year (named by the calendar year it starts in) the rule applies to; it applies until a later one for the same kind.</summary>
    public int FromFiscalYear { get; private set; }
    public PointMode Mode { get; private set; }
    /// <summary>Per visit: the points of each visit (a record with no visits counts as one).</summary>
    public int PointsPerVisit { get; private set; }
    /// <summary>By duration: the bands, stored as "0:100,120:200" (minimum minutes : points), shortest first.</summary>
    public string BandsText { get; private set; } = "";
    public int? DayCap { get; private set; }
    public int? MonthCap { get; private set; }
    public int? YearCap { get; private set; }
    /// <summary>The age the helper must reach in the calendar year of the activity (birth years only are on record).</summary>
    public int? MinimumAge { get; private set; }
    /// <summary>A program the helper must have completed before the activity began.</summary>
    public int? RequiredProgramId { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public const int MaxPoints = 10_000;
    public const int MaxCap = 1_000_000;
    public const int MaxBands = 4;

    public static class Messages
    {
        public const string KindMissing = "活動の種類を選んでください。";
        public const string PerVisitInvalid = "1回あたりのポイントを1から10000で入力してください。";
        public const string BandsMissing = "時間の区切りを1つ以上入力してください（例：0分から100ポイント、120分から200ポイント）。";
        public const string BandInvalid = "時間の区切りは、0から1440分と、0から10000ポイントで入力してください。";
        public const string BandsRepeated = "同じ分数の区切りが2つあります。";
        public const string CapInvalid = "上限は1から1000000ポイントで入力してください（なしのときは空欄）。";
        public const string AgeInvalid = "年齢は1から120で入力してください（なしのときは空欄）。";
        public const string ProgramUnknown = "選んだ研修が見つかりません。";
        public const string YearInvalid = "いつからかを、今年度か来年度から選んでください。";
        public const string NoCap = "上限が一つもありません。このままでよければ「上限なしで保存する」を押してください。";
    }

    public IReadOnlyList<PointBand> Bands => ParseBands(BandsText);

    public bool HasCap => DayCap is not null || MonthCap is not null || YearCap is not null;

    /// <summary>Every problem with a rule as typed; the program's existence and the years offered are the service's to check.</summary>
    public static IEnumerable<SettingProblem> Problems(PointRuleInput input)
    {
        if (input.KindId is not > 0) yield return new(nameof(input.KindId), Messages.KindMissing);
        if (input.Mode == PointMode.PerVisit && input.PointsPerVisit is not (> 0 and <= MaxPoints))
            yield return new(nameof(input.PointsPerVisit), Messages.PerVisitInvalid);
        if (input.Mode == PointMode.ByDuration)
        {
            var typed = input.TypedBands().ToList();
            if (typed.Count == 0) yield return new("Bands", Messages.BandsMissing);
            else if (typed.Any(b => b.MinMinutes is null || b.Points is null || b.MinMinutes is < 0 or > ActivityRecord.MaxMinutes || b.Points is < 0 or > MaxPoints))
                yield return new("Bands", Messages.BandInvalid);
            else if (typed.Select(b => b.MinMinutes).Distinct().Count() != typed.Count) yield return new("Bands", Messages.BandsRepeated);
        }
        foreach (var (field, cap) in new[] { (nameof(input.DayCap), input.DayCap), (nameof(input.MonthCap), input.MonthCap), (nameof(input.YearCap), input.YearCap) })
            if (cap is not null and not (> 0 and <= MaxCap)) yield return new(field, Messages.CapInvalid);
        if (input.MinimumAge is not null and not (> 0 and <= 120)) yield return new(nameof(input.MinimumAge), Messages.AgeInvalid);
    }

    public static PointRule Create(PointRuleInput input, DateTime nowUtc)
    {
        var rule = new PointRule { KindId = input.KindId!.Value, FromFiscalYear = input.FromFiscalYear };
        rule.Change(input, nowUtc);
        return rule;
    }

    /// <summary>Sets the rule as typed (the kind and fiscal year stay).</summary>
    public void Change(PointRuleInput input, DateTime nowUtc)
    {
        if (Problems(input).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        Mode = input.Mode;
        PointsPerVisit = input.Mode == PointMode.PerVisit ? input.PointsPerVisit!.Value : 0;
        BandsText = input.Mode == PointMode.ByDuration
            ? string.Join(",", input.TypedBands().Select(b => new PointBand(b.MinMinutes!.Value, b.Points!.Value)).OrderBy(b => b.MinMinutes)
                .Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.MinMinutes}:{b.Points}")))
            : "";
        DayCap = input.DayCap;
        MonthCap = input.MonthCap;
        YearCap = input.YearCap;
        MinimumAge = input.MinimumAge;
        RequiredProgramId = input.RequiredProgramId is > 0 ? input.RequiredProgramId : null;
        UpdatedAt = nowUtc;
    }

    /// <summary>The points a record earns before any cap: per visit (no visits counts as one), or the longest band its minutes reach (none reached: 0).</summary>
    public int PointsBeforeCap(int minutes, int visits) => Mode == PointMode.PerVisit
        ? Math.Max(1, visits) * PointsPerVisit
        : Bands.LastOrDefault(b => b.MinMinutes <= minutes)?.Points ?? 0;

    /// <summary>
    /// The age rule with a birth year only: the age the helper reaches in the calendar year of the activity
    /// (その年に迎える年齢) — a rule of 65 counts everyone born in 1961 or earlier for activities in 2026, from 1 January.
    /// No birth year on record: not eligible while the rule asks an age.
    /// </summary>
    public static bool OldEnough(int? birthYear, DateOnly day, int? minimumAge) =>
        minimumAge is not { } minimum || (birthYear is { } born && day.Year - born >= minimum);

    /// <summary>What the rule says in words, for the admin page and the audit log (Japanese).</summary>
    public string Summary()
    {
        var points = Mode == PointMode.PerVisit
            ? $"1回{PointsPerVisit}ポイント"
            : string.Join("、", Bands.Select(b => $"{Duration(b.MinMinutes)}以上{b.Points}ポイント"));
        var caps = HasCap
            ? string.Join("、", new[] { ("1日", DayCap), ("1か月", MonthCap), ("年度", YearCap) }.Where(c => c.Item2 is not null).Select(c => $"{c.Item1}{c.Item2}まで"))
            : "上限なし";
        return $"{points}（{caps}）";
    }

    public static string Duration(int minutes) => (minutes / 60, minutes % 60) switch
    {
        (0, var m) => $"{m}分",
        (var h, 0) => $"{h}時間",
        (var h, var m) => $"{h}時間{m}分",
    };

    private static List<PointBand> ParseBands(string text) =>
        string.IsNullOrEmpty(text) ? []
            : text.Split(',').Select(part => part.Split(':')).Select(p => new PointBand(int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
}

/// <summary>A points rule as the admin form types it.</summary>
public class PointRuleInput
{
    public int? KindId { get; set; }
    public int FromFiscalYear { get; set; }
    public PointMode Mode { get; set; }
    public int? PointsPerVisit { get; set; }
    public int?[] BandMinutes { get; set; } = new int?[PointRule.MaxBands];
    public int?[] BandPoints { get; set; } = new int?[PointRule.MaxBands];
    public int? DayCap { get; set; }
    public int? MonthCap { get; set; }
    public int? YearCap { get; set; }
    public int? MinimumAge { get; set; }
    public int? RequiredProgramId { get; set; }

    public bool HasCap => DayCap is not null || MonthCap is not null || YearCap is not null;

    /// <summary>The band lines with anything typed in them.</summary>
    public IEnumerable<(int? MinMinutes, int? Points)> TypedBands() =>
        Enumerable.Range(0, Math.Min(PointRule.MaxBands, Math.Max(BandMinutes.Length, BandPoints.Length)))
            .Select(i => (i < BandMinutes.Length ? BandMinutes[i] : null, i < BandPoints.Length ? BandPoints[i] : null))
            .Where(b => b.Item1 is not null || b.Item2 is not null);

    public static PointRuleInput From(PointRule rule)
    {
        var input = new PointRuleInput
        {
            KindId = rule.KindId, FromFiscalYear = rule.FromFiscalYear, Mode = rule.Mode, PointsPerVisit = rule.Mode == PointMode.PerVisit ? rule.PointsPerVisit : null,
            DayCap = rule.DayCap, MonthCap = rule.MonthCap, YearCap = rule.YearCap, MinimumAge = rule.MinimumAge, RequiredProgramId = rule.RequiredProgramId,
        };
        foreach (var (band, i) in rule.Bands.Take(PointRule.MaxBands).Select((b, i) => (b, i)))
            (input.BandMinutes[i], input.BandPoints[i]) = (band.MinMinutes, band.Points);
        return input;
    }
}

public class PointRuleConfiguration : IEntityTypeConfiguration<PointRule>
{
    public void Configure(EntityTypeBuilder<PointRule> builder)
    {
        builder.Property(r => r.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.BandsText).HasMaxLength(200);
        builder.Ignore(r => r.Bands);
        builder.Ignore(r => r.HasCap);
        builder.HasOne(r => r.Kind).WithMany().HasForeignKey(r => r.KindId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Training.Courses.TrainingProgram>().WithMany().HasForeignKey(r => r.RequiredProgramId).OnDelete(DeleteBehavior.Restrict);
        // One rule per kind and starting fiscal year: saving again for the same year changes it.
        builder.HasIndex(r => new { r.KindId, r.FromFiscalYear }).IsUnique();
    }
}
