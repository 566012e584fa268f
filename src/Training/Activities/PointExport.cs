using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Reports;
using Training.Text;
using Training.Time;

namespace Training.Activities;

/// <summary>One helper's line of the balances export: who, where, the points before caps, awarded, and how many records counted.</summary>
public sealed record PointBalanceRow(int PersonId, string Name, string Kana, string District, int PointsBeforeCap, int Points, int Records);

/// <summary>
/// A fiscal year's balances as a file for the payment or 介護保険料 side (CSV in UTF-8 with a byte-order mark, or XLSX):
/// person id, name exactly as stored, furigana, district, points before caps, points awarded (after caps), records
/// counted — in furigana order. A coordinator's file holds the helpers living in their districts. Audited.
/// </summary>
public class PointExport(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit)
{
    public static readonly string[] Header = ["個人番号", "お名前", "ふりがな", "地区", "上限を適用する前のポイント", "付与ポイント（上限を適用した後）", "数えた記録の数"];

    /// <summary>The rows; <paramref name="areaIds"/> empty: the whole city, else the helpers whose district is one of them.</summary>
    public async Task<IReadOnlyList<PointBalanceRow>> RowsAsync(int fiscalYear, IReadOnlyCollection<int> areaIds, CancellationToken cancellationToken = default)
    {
        var sums = db.PointAwards.AsNoTracking().Where(a => a.FiscalYear == fiscalYear)
            .GroupBy(a => a.PersonId)
            .Select(g => new { PersonId = g.Key, Before = g.Sum(a => a.PointsBeforeCap), Points = g.Sum(a => a.Points), Records = g.Count() });
        var people = db.People.AsNoTracking().Where(p => p.AnonymisedAt == null);
        if (areaIds.Count > 0) people = people.Where(p => p.AreaId != null && areaIds.Contains(p.AreaId.Value));
        var rows = await sums.Join(people, s => s.PersonId, p => p.Id, (s, p) => new
            {
                p.Id, p.FamilyName, p.GivenName, p.FamilyNameKana, p.GivenNameKana, p.KanaSortKey, Area = p.Area!.Name, s.Before, s.Points, s.Records,
            })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.KanaSortKey, StringComparer.Ordinal).ThenBy(r => r.Id)
            .Select(r => new PointBalanceRow(r.Id,
                string.IsNullOrEmpty(r.GivenName) ? r.FamilyName : $"{r.FamilyName} {r.GivenName}",
                string.IsNullOrEmpty(r.GivenNameKana) ? r.FamilyNameKana : $"{r.FamilyNameKana} {r.GivenNameKana}",
                r.Area ?? "", r.Before, r.Points, r.Records))
            .ToList();
    }

    /// <summary>Makes the file and records who took it, of which year, how many people and in which scope.</summary>
    public async Task<ParticipantFile> ExportAsync(int fiscalYear, ParticipantFormat format, IReadOnlyCollection<int> areaIds, Actor actor, CancellationToken cancellationToken = default)
    {
        var rows = await RowsAsync(fiscalYear, areaIds, cancellationToken);
        var name = $"points-{fiscalYear}";
        var file = format == ParticipantFormat.Csv
            ? new ParticipantFile($"{name}.csv", TableFile.CsvType, Csv(rows), rows.Count)
            : new ParticipantFile($"{name}.xlsx", TableFile.XlsxType, await XlsxAsync(fiscalYear, rows, cancellationToken), rows.Count);
        await unitOfWork.RunAsync(_ =>
        {
            audit.Record(actor, AuditAction.ExportPoints, AuditTarget.OfSetting("PointScheme", fiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture), $"ボランティアポイント {JapaneseDates.FiscalYear(fiscalYear)}"),
                $"{(format == ParticipantFormat.Csv ? "CSV" : "XLSX")}、{rows.Count}人" + (areaIds.Count > 0 ? "（担当の地区のみ）" : ""));
            return Task.CompletedTask;
        }, cancellationToken);
        return file;
    }

    private static IEnumerable<object?[]> Cells(IReadOnlyList<PointBalanceRow> rows) =>
        rows.Select(r => new object?[] { r.PersonId, r.Name, r.Kana, r.District, r.PointsBeforeCap, r.Points, r.Records });

    public static byte[] Csv(IReadOnlyList<PointBalanceRow> rows) => TableFile.Csv(Header, Cells(rows));

    public static Task<byte[]> XlsxAsync(int fiscalYear, IReadOnlyList<PointBalanceRow> rows, CancellationToken cancellationToken = default) =>
        TableFile.XlsxAsync($"ボランティアポイント {JapaneseDates.FiscalYear(fiscalYear)}", "ポイント", Header, [10, 20, 24, 14, 16, 20, 12], Cells(rows), cancellationToken);
}
