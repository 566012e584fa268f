using Microsoft.EntityFrameworkCore;
using Training.Activities;
using Training.Data;
using Training.Time;

namespace Training.Reports;

/// <summary>One table of the activities part of the report: a title, its columns after 項目, and the lines.</summary>
public sealed record FigureTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<FigureRow> Rows);

/// <summary>One line: its key, label (data such as a district's name as entered; fixed labels translated by pages), the figures in column order, and an English label where the data has one (a kind's).</summary>
public sealed record FigureRow(string Key, string Label, IReadOnlyList<decimal> Values, string? LabelEn = null);

/// <summary>From training to activity in a fiscal year: helpers by stage, activity records, and what the later parts add.</summary>
public sealed record ActivityFigures(int FiscalYear, DateOnly AsOf, IReadOnlyList<FigureTable> Tables);

/// <summary>The words of the activities part, the same on the page, in the PDF and in the files.</summary>
public static class ActivityReportWords
{
    public const string Active = HelperStageWords.Active;
    public const string Lapsed = HelperStageWords.Lapsed;
    public const string Trained = HelperStageWords.Trained;
    public const string Total = "計";
    public const string Helpers = "活動した人（実人数）";
    public const string Records = "延べ活動回数";
    public const string Visits = "訪問回数";
    public const string Hours = "時間";
    public const string StageByArea = "活動の状況（住む地区別）";
    public const string StageByAge = "活動の状況（年代別）";
    public const string RecordsByKind = "活動の記録（種類別）";
    public const string RecordsByArea = "活動の記録（活動の地区別）";
    public const string Introduced = "紹介";
    public const string Joined = "参加した";
    public const string Declined = "断った";
    public const string NoAnswer = "応答なし";
    public const string Pending = "返事待ち";
    public const string PointsPeople = "ポイントのついた人";
    public const string PointsAwarded = "付与ポイント";
    public const string PointsCapped = "上限で減ったポイント";
    public const string PointsCarried = "以前の台帳から";
    public const string KindUnknown = "種類不明";
    public const string IntroductionsByArea = "紹介と結果（活動の地区別）";
    public const string PointsByKind = "ボランティアポイント（種類別）";
    public const string Note = "活動の状況は年度末（今年度は今日）時点です。活動中は、その日までの一定の月数に確認済みの活動の記録がある人、休止中は以前に記録があってその後ない人、未活動は講座の修了か資格があって記録のない人です。時間は確認済みの記録の合計です。";

    public static IEnumerable<string> All =>
        [Active, Lapsed, Trained, Total, Helpers, Records, Visits, Hours, StageByArea, StageByAge, RecordsByKind, RecordsByArea,
            Introduced, Joined, Declined, NoAnswer, Pending, PointsPeople, PointsAwarded, PointsCapped, PointsCarried, KindUnknown, IntroductionsByArea, PointsByKind, Note];
}

/// <summary>
/// Works out the activities part of the fiscal-year report. Stages are taken at the end of the year (today for the
/// current one) by <see cref="HelperStages"/>; records are the counted ones dated in the year. A coordinator's report
/// counts the people of their districts and the activities held there.
/// </summary>
public class ActivityReport(TrainingDbContext db, SiteClock clock, HelperStages stages, Points points)
{
    public async Task<ActivityFigures> ComputeAsync(int fiscalYear, IReadOnlyCollection<int>? areaIds = null, CancellationToken cancellationToken = default)
    {
        var from = new DateOnly(fiscalYear, clock.FiscalYearStartMonth, 1);
        var to = from.AddYears(1).AddDays(-1);
        var asOf = to < clock.Today ? to : clock.Today;
        var limit = areaIds is { Count: > 0 };
        var areas = await db.Areas.AsNoTracking().OrderBy(a => a.NameKana).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken);
        var shownAreas = areas.Where(a => !limit || areaIds!.Contains(a.Id)).ToList();

        // Stages of the people in scope, by their district and the age reached in the year of the day they are taken on.
        var stageOf = await stages.AllAsync(asOf, cancellationToken);
        var people = await ReportReads.PeopleAsync(db, cancellationToken);
        var anonymised = (await db.People.AsNoTracking().Where(p => p.AnonymisedAt != null).Select(p => p.Id).ToListAsync(cancellationToken)).ToHashSet();
        var bands = FiscalYearReport.AgeBands.Select(b => (b.Key, b.Label)).Append((Key: "unknown", Label: "不明")).ToList();
        var byArea = new Dictionary<string, int[]>();
        var byBand = bands.Select(_ => new int[3]).ToArray();
        foreach (var (id, areaId, birthYear, _) in people)
        {
            if (!stageOf.TryGetValue(id, out var stage) || stage == HelperStage.NotTrained || anonymised.Contains(id)) continue;
            if (limit && (areaId is null || !areaIds!.Contains(areaId.Value))) continue;
            var column = stage switch { HelperStage.Active => 0, HelperStage.Lapsed => 1, _ => 2 };
            var areaKey = areaId is { } a ? $"{a}" : "none";
            (byArea.TryGetValue(areaKey, out var counts) ? counts : byArea[areaKey] = new int[3])[column]++;
            byBand[FiscalYearReport.BandOf(asOf.Year, birthYear ?? 0)][column]++;
        }
        string[] stageColumns = [ActivityReportWords.Active, ActivityReportWords.Lapsed, ActivityReportWords.Trained, ActivityReportWords.Total];
        static FigureRow StageRow(string key, string label, int[]? counts) =>
            new(key, label, counts is null ? [0, 0, 0, 0] : [counts[0], counts[1], counts[2], counts.Sum()]);
        var stageByArea = shownAreas.Select(a => StageRow($"{a.Id}", a.Name, byArea.GetValueOrDefault($"{a.Id}")))
            .Append(StageRow("none", "地区の登録なし", byArea.GetValueOrDefault("none"))).Where(r => r.Key != "none" || r.Values[3] > 0).ToList();
        var stageByAge = bands.Select((b, band) => StageRow(b.Key, b.Label, byBand[band])).ToList();

        // Counted records dated in the year, by the activity's kind and district.
        var records = db.ActivityRecords.AsNoTracking().Where(ActivityRecord.Counted).Where(r => r.Date >= from && r.Date <= to);
        if (limit) records = records.Where(r => r.LocalActivity!.AreaId != null && areaIds!.Contains(r.LocalActivity.AreaId.Value));
        var rows = await records
            .GroupBy(r => new { r.LocalActivity!.KindId, r.LocalActivity.AreaId, r.PersonId })
            .Select(g => new RecordGroup(g.Key.KindId, g.Key.AreaId, g.Key.PersonId, g.Count(), g.Sum(r => r.Visits), g.Sum(r => r.Minutes)))
            .ToListAsync(cancellationToken);
        var kinds = await db.ActivityKinds.AsNoTracking().OrderBy(k => k.SortOrder).ThenBy(k => k.Id).Select(k => new { k.Id, k.Name, k.NameEn, k.IsActive }).ToListAsync(cancellationToken);
        string[] recordColumns = [ActivityReportWords.Helpers, ActivityReportWords.Records, ActivityReportWords.Visits, ActivityReportWords.Hours];
        static FigureRow RecordRow(string key, string label, IEnumerable<RecordGroup> group)
        {
            var lines = group.ToList();
            return new(key, label, [lines.Select(l => l.PersonId).Distinct().Count(), lines.Sum(l => l.Records), lines.Sum(l => l.Visits), Math.Round(lines.Sum(l => l.Minutes) / 60m, 1)]);
        }
        var recordsByKind = kinds.Where(k => k.IsActive || rows.Any(r => r.KindId == k.Id))
            .Select(k => RecordRow($"{k.Id}", k.Name, rows.Where(r => r.KindId == k.Id)) with { LabelEn = k.NameEn }).ToList();
        var recordsByArea = shownAreas.Select(a => RecordRow($"{a.Id}", a.Name, rows.Where(r => r.AreaId == a.Id)))
            .Append(RecordRow("citywide", "市全域", rows.Where(r => r.AreaId == null))).Where(r => r.Key != "citywide" || r.Values[1] > 0).ToList();

        // Introductions made in the year, by the activity's district, with what became of them so far.
        var (fromUtc, toUtc) = (clock.StartOfDayUtc(from), clock.StartOfDayUtc(to.AddDays(1)));
        var introductions = db.Introductions.AsNoTracking().Where(i => i.IntroducedAt >= fromUtc && i.IntroducedAt < toUtc);
        var introduced = await introductions
            .Join(db.LocalActivities, i => i.LocalActivityId, a => a.Id, (i, a) => new { a.AreaId, i.Outcome })
            .Where(i => !limit || (i.AreaId != null && areaIds!.Contains(i.AreaId.Value)))
            .GroupBy(i => new { i.AreaId, i.Outcome }).Select(g => new { g.Key.AreaId, g.Key.Outcome, Count = g.Count() }).ToListAsync(cancellationToken);
        string[] introductionColumns = [ActivityReportWords.Introduced, ActivityReportWords.Joined, ActivityReportWords.Declined, ActivityReportWords.NoAnswer, ActivityReportWords.Pending];
        FigureRow IntroductionRow(string key, string label, int? areaId)
        {
            int Of(IntroductionOutcome outcome) => introduced.Where(i => i.AreaId == areaId && i.Outcome == outcome).Sum(i => i.Count);
            return new(key, label, [introduced.Where(i => i.AreaId == areaId).Sum(i => i.Count), Of(IntroductionOutcome.Joined), Of(IntroductionOutcome.Declined),
                Of(IntroductionOutcome.NoAnswer), Of(IntroductionOutcome.Pending)]);
        }
        var introductionsByArea = shownAreas.Select(a => IntroductionRow($"{a.Id}", a.Name, a.Id))
            .Append(IntroductionRow("citywide", "市全域", null)).Where(r => r.Key != "citywide" || r.Values[0] > 0).ToList();

        List<FigureTable> tables =
        [
            new(ActivityReportWords.StageByArea, stageColumns, stageByArea),
            new(ActivityReportWords.StageByAge, stageColumns, stageByAge),
            new(ActivityReportWords.RecordsByKind, recordColumns, recordsByKind),
            new(ActivityReportWords.RecordsByArea, recordColumns, recordsByArea),
            new(ActivityReportWords.IntroductionsByArea, introductionColumns, introductionsByArea),
        ];

        // Points awarded in the year by kind, and what the caps took away (only where the city runs points).
        if (await points.EnabledAsync(cancellationToken))
        {
            PointCut[] caps = [PointCut.Day, PointCut.Month, PointCut.Year];
            var awards = await db.PointAwards.AsNoTracking().Where(a => a.FiscalYear == fiscalYear)
                .Join(db.ActivityRecords, a => a.RecordId, r => r.Id, (a, r) => new { a.KindId, a.PersonId, a.Points, a.PointsBeforeCap, a.Cut, r.LocalActivity!.AreaId })
                .Where(a => !limit || (a.AreaId != null && areaIds!.Contains(a.AreaId.Value)))
                .GroupBy(a => new { a.KindId, a.PersonId, a.Cut })
                .Select(g => new { g.Key.KindId, g.Key.PersonId, g.Key.Cut, Points = g.Sum(a => a.Points), Before = g.Sum(a => a.PointsBeforeCap) }).ToListAsync(cancellationToken);
            // Points brought in from earlier ledgers dated in the year, by kind (種類不明 on a line of its own), counted by where the helper lives.
            var carriedQuery = db.PointCarryovers.AsNoTracking().Where(PointCarryover.Counted).Where(c => c.FiscalYear == fiscalYear);
            if (limit) carriedQuery = carriedQuery.Where(c => db.People.Any(p => p.Id == c.PersonId && p.AreaId != null && areaIds!.Contains(p.AreaId.Value)));
            var carried = await carriedQuery.GroupBy(c => new { c.KindId, c.PersonId })
                .Select(g => new { g.Key.KindId, g.Key.PersonId, Points = g.Sum(c => c.Points) }).ToListAsync(cancellationToken);
            FigureRow PointsRow(string key, string label, string? labelEn, int? kindId)
            {
                var lines = awards.Where(a => a.KindId == kindId).ToList();
                var brought = carried.Where(c => c.KindId == kindId).ToList();
                return new(key, label, [lines.Where(a => a.Points > 0).Select(a => a.PersonId).Concat(brought.Select(c => c.PersonId)).Distinct().Count(), lines.Sum(a => a.Points),
                    lines.Where(a => caps.Contains(a.Cut)).Sum(a => a.Before - a.Points), brought.Sum(c => c.Points)], labelEn);
            }
            var pointRows = kinds.Where(k => k.IsActive || awards.Any(a => a.KindId == k.Id) || carried.Any(c => c.KindId == k.Id))
                .Select(k => PointsRow($"{k.Id}", k.Name, k.NameEn, k.Id)).ToList();
            if (carried.Any(c => c.KindId is null)) pointRows.Add(PointsRow("unknown", ActivityReportWords.KindUnknown, null, null));
            tables.Add(new(ActivityReportWords.PointsByKind, [ActivityReportWords.PointsPeople, ActivityReportWords.PointsAwarded, ActivityReportWords.PointsCapped, ActivityReportWords.PointsCarried],
                pointRows));
        }
        return new ActivityFigures(fiscalYear, asOf, tables);
    }

    private sealed record RecordGroup(int KindId, int? AreaId, int PersonId, int Records, int Visits, int Minutes);
}
