using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Reports;
using Training.Text;
using Training.Time;

namespace Training.Activities;

/// <summary>One helper of the re-engagement list in words, as the printed list and the files give them (Japanese, dates through <see cref="JapaneseDates"/>).</summary>
/// <param name="LapsedSince">For a lapsed helper, the first day they counted as lapsed; empty for one never active.</param>
/// <param name="Channel">How they would be told: メール, 電話, or not at all (they withdrew their consent).</param>
/// <param name="NotToBeContacted">They withdrew their consent to be suggested activities: the printed list says not to call.</param>
public sealed record ReengagementLine(string Name, string Kana, string Phone, string District, string Stage, string LapsedSince, string LastActivity, string LastDate,
    string NextCourse, string NextStarts, string Email, string Consent, string Channel, bool NotToBeContacted);

/// <summary>
/// The re-engagement list (<see cref="Reengagement.ListAsync"/>, the same filters and the same reach as the page) for a
/// coordinator who phones from paper: an A4 PDF, or a file (CSV or XLSX through <see cref="TableFile"/>) for a mail
/// merge or a spreadsheet — name, furigana, phone, district, stage, last activity, the next refresher or follow-up course,
/// whether they have an email and agreed to be suggested activities. In furigana order. Each copy is audited.
/// </summary>
public class ReengagementExport(Reengagement reengagement, HelperStages stages, TrainingDbContext db, AuditLog audit, ReengagementPdf pdf, SiteClock clock)
{
    public static readonly string[] Header =
        ["お名前", "ふりがな", "電話番号", "地区", "状態", "休止した日", "前回の活動", "前回の活動日", "次の研修", "次の研修の初日", "メール", "活動の紹介への同意", "ご案内の方法"];

    public const string Title = "活動から離れている担い手";

    /// <summary>The list in words; <paramref name="stage"/> and <paramref name="areaId"/> narrow it as on the page.</summary>
    public async Task<IReadOnlyList<ReengagementLine>> LinesAsync(IReadOnlyCollection<int> staffAreas, HelperStage? stage, int? areaId, CancellationToken cancellationToken = default) =>
        (await reengagement.ListAsync(staffAreas, stage, areaId, cancellationToken)).Select(Line).ToList();

    public ReengagementLine Line(ReengageRow row) => new(
        row.Name, row.Kana, row.Phone ?? "", row.Area ?? "",
        HelperStageWords.Of(row.Stage),
        row.LapsedSince is { } since ? JapaneseDates.LongWestern(since) : "",
        row.LastActivity ?? "",
        row.LastDate is { } last ? JapaneseDates.LongWestern(last) : "",
        row.Next is { } next ? $"{next.Program}（{next.Title}）" : "",
        row.Next is { } course ? JapaneseDates.FullDate(DateOnly.FromDateTime(clock.ToLocal(course.StartsAt))) : "",
        row.HasEmail ? "あり" : "なし",
        row.Consent switch { true => "あり", false => "取り消し", null => "未確認" },
        row.Channel switch { ReengageChannel.Email => "メール", ReengageChannel.Line => "LINE", ReengageChannel.Sms => "SMS", ReengageChannel.Call => "電話", _ => "案内しない（同意の取り消し）" },
        row.Channel == ReengageChannel.None);

    /// <summary>A CSV or XLSX of the list, recorded in the audit log: who took it, how many people, which part of the list.</summary>
    public async Task<ParticipantFile> ExportAsync(IReadOnlyCollection<int> staffAreas, HelperStage? stage, int? areaId, ParticipantFormat format, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var lines = await LinesAsync(staffAreas, stage, areaId, cancellationToken);
        var cells = lines.Select(l => new object?[]
        {
            l.Name, l.Kana, l.Phone, l.District, l.Stage, l.LapsedSince, l.LastActivity, l.LastDate, l.NextCourse, l.NextStarts, l.Email, l.Consent, l.Channel,
        });
        var name = $"reengagement-{clock.Today:yyyyMMdd}";
        var file = format == ParticipantFormat.Csv
            ? new ParticipantFile($"{name}.csv", TableFile.CsvType, TableFile.Csv(Header, cells), lines.Count)
            : new ParticipantFile($"{name}.xlsx", TableFile.XlsxType,
                await TableFile.XlsxAsync($"{Title} {JapaneseDates.LongWestern(clock.Today)}", "担い手", Header, [18, 22, 16, 12, 16, 16, 20, 16, 28, 20, 8, 12, 16], cells, cancellationToken),
                lines.Count);
        await RecordAsync(AuditAction.ExportReengagement, format == ParticipantFormat.Csv ? "CSV" : "XLSX", lines.Count, await PartAsync(staffAreas, stage, areaId, cancellationToken),
            actor, cancellationToken);
        return file;
    }

    /// <summary>The list on A4 for phoning from paper, recorded in the audit log like the files.</summary>
    public async Task<ParticipantFile> PrintAsync(IReadOnlyCollection<int> staffAreas, HelperStage? stage, int? areaId, Actor actor, CancellationToken cancellationToken = default)
    {
        var lines = await LinesAsync(staffAreas, stage, areaId, cancellationToken);
        var part = await PartAsync(staffAreas, stage, areaId, cancellationToken);
        var file = new ParticipantFile($"reengagement-{clock.Today:yyyyMMdd}.pdf", "application/pdf", pdf.Render(clock.Today, part, stages.ActiveMonths, lines), lines.Count);
        await RecordAsync(AuditAction.PrintReengagement, "PDF", lines.Count, part, actor, cancellationToken);
        return file;
    }

    /// <summary>Which part of the list, in words: the stage and district chosen, and whether it is only the staff member's districts.</summary>
    private async Task<string> PartAsync(IReadOnlyCollection<int> staffAreas, HelperStage? stage, int? areaId, CancellationToken cancellationToken)
    {
        var area = areaId is { } id ? await db.Areas.AsNoTracking().Where(a => a.Id == id).Select(a => a.Name).FirstOrDefaultAsync(cancellationToken) : null;
        string[] parts =
        [
            stage is { } s ? $"{HelperStageWords.Of(s)}のみ" : "",
            area ?? "",
            area is null && staffAreas.Count > 0 ? "担当の地区のみ" : "",
        ];
        return string.Join("・", parts.Where(p => p.Length > 0));
    }

    /// <summary>Through the one recorder, in a unit of its own: who took a copy, in which form, of how many people, of which part of the list.</summary>
    private Task RecordAsync(AuditAction action, string format, int people, string part, Actor actor, CancellationToken cancellationToken) =>
        audit.RecordAsync(actor, action, AuditTarget.OfSetting("Reengagement", null, Title), $"{format}、{people}人" + (part.Length > 0 ? $"（{part}）" : ""), cancellationToken);
}
