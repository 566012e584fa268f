using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Training.Audit;
using Training.Data;
using Training.People;
using Training.Text;
using Training.Time;

namespace Training.Activities;

/// <summary>One row of an activity ledger, checked and matched to a person.</summary>
/// <summary><paramref name="Written"/> is the name as the ledger wrote it; <paramref name="Name"/> the person's as on record (they differ when folding matched 吉 to 𠮷, and the preview shows both).</summary>
public sealed record ImportedRecord(int Row, int PersonId, string Name, string Written, RecordInput Input, DateTime StartsAt);

public sealed record RecordImportPreview(IReadOnlyList<ImportedRecord> Records, ImportProblems Problems)
{
    public bool CanImport => Problems.Count == 0 && Records.Count > 0;
}

/// <summary>What became of an import.</summary>
public abstract record RecordImportOutcome
{
    public sealed record Imported(int Count) : RecordImportOutcome;
    public sealed record HasProblems(RecordImportPreview Preview) : RecordImportOutcome;
    public sealed record NotFound : RecordImportOutcome;
    public sealed record OutOfScope : RecordImportOutcome;
}

/// <summary>
/// An existing activity ledger (the paper stamp card or spreadsheet a group kept) brought in for one local activity:
/// XLSX, or CSV in UTF-8 or Shift_JIS, with the columns 日付, 開始, 時間（分）, 訪問回数, 氏名, ふりがな, メモ. Each row is
/// matched to a person the coordinator reaches by name (and furigana when two share a name) and checked by the record's
/// own rules — hours, the future, overlap with the person's other records and with the file's other rows. Everything
/// or nothing is imported; the records are confirmed, as a coordinator's own are.
/// </summary>
public class ActivityRecordImport(TrainingDbContext db, UnitOfWork unitOfWork, SiteClock clock, AuditLog audit, Points points)
{
    public static readonly string[] Columns = ["日付", "開始", "時間（分）", "訪問回数", "氏名", "ふりがな", "メモ"];
    private static readonly string[] Required = ["日付", "開始", "時間（分）", "氏名"];

    public async Task<RecordImportPreview> PreviewAsync(int activityId, byte[] file, IReadOnlyCollection<int> staffAreas, CancellationToken cancellationToken = default)
    {
        var problems = new ImportProblems();
        if (LedgerSheet.Open(file, Columns, Required, problems) is not { } sheet) return new([], problems);
        var rows = sheet.Rows;
        string Cell(List<string> row, string column) => sheet.Cell(row, column);
        // The people the file names, among those the coordinator reaches.
        var people = await LedgerPeople.ReadAsync(db, rows.Skip(1).Select(r => Cell(r, "氏名")), staffAreas, cancellationToken);

        var records = new List<ImportedRecord>();
        var now = clock.UtcNow;
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var number = i + 1;
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            string Quoted(string column) => SpreadsheetFile.Quote(Cell(row, column));
            var keptBefore = problems.Total;

            var input = new RecordInput { Note = Cell(row, "メモ") };
            if (LedgerDates.TryParse(Cell(row, "日付"), out var date)) input.Date = date;
            else problems.Add(number, "日付", $"「{Quoted("日付")}」は日付として読めません（例：2026/12/9）。");
            if (TryTime(Cell(row, "開始"), out var start)) input.StartTime = start;
            else problems.Add(number, "開始", $"「{Quoted("開始")}」は時刻として読めません（例：10:00）。");
            if (TryMinutes(Cell(row, "時間（分）"), out var minutes)) input.Minutes = minutes;
            else problems.Add(number, "時間（分）", $"「{Quoted("時間（分）")}」は時間として読めません（分の数、または 1:30 の形で）。");
            var visitsText = Cell(row, "訪問回数").Normalize(NormalizationForm.FormKC);
            if (visitsText.Length == 0) input.Visits = 0;
            else if (int.TryParse(visitsText, NumberStyles.None, CultureInfo.InvariantCulture, out var visits)) input.Visits = visits;
            else problems.Add(number, "訪問回数", $"「{Quoted("訪問回数")}」は回数として読めません。");

            var person = people.Match(number, Cell(row, "氏名"), Cell(row, "ふりがな"), problems);

            DateTime? startsAt = input.Date is { } d && input.StartTime is { } t ? clock.ToUtc(d, t) : null;
            // The record's own rules, for the columns that could be read (one that could not has said so already).
            var unread = problems.Skip(0).Where(p => p.Row == number).Select(p => p.Column).ToHashSet();
            foreach (var problem in ActivityRecord.Problems(input, startsAt, now).Where(p => !unread.Contains(ColumnOf(p.Field))))
                problems.Add(number, ColumnOf(problem.Field), problem.Message);
            if (problems.Total > keptBefore || startsAt is null) continue;
            records.Add(new ImportedRecord(number, person!.Id, person.Name, person.Written, input, startsAt.Value));
        }
        if (records.Count == 0 && problems.Count == 0) problems.Add(0, "", "取り込む行がありません。");
        if (records.Count == 0) return new(records, problems);

        // Overlaps: within the file, then with what is already on record for these people (cancelled records never block).
        foreach (var person in records.GroupBy(r => r.PersonId))
        {
            var spans = person.OrderBy(r => r.StartsAt).ToList();
            for (var i = 1; i < spans.Count; i++)
                if (ActivityRecord.Overlap(spans[i - 1].StartsAt, spans[i - 1].StartsAt.AddMinutes(spans[i - 1].Input.Minutes!.Value), spans[i].StartsAt, spans[i].StartsAt.AddMinutes(spans[i].Input.Minutes!.Value)))
                    problems.Add(spans[i].Row, "開始", $"{spans[i].Name}さんの {spans[i - 1].Row} 行目と時間が重なっています。");
        }
        var personIds = records.Select(r => r.PersonId).Distinct().ToList();
        var (from, to) = (records.Min(r => r.StartsAt), records.Max(r => r.StartsAt.AddMinutes(r.Input.Minutes!.Value)));
        var existing = new List<(int PersonId, DateTime StartsAt, DateTime EndsAt)>();
        foreach (var chunk in personIds.Chunk(500))
            existing.AddRange((await db.ActivityRecords.AsNoTracking()
                .Where(r => chunk.Contains(r.PersonId) && r.CancelledAt == null && r.StartsAt < to && r.EndsAt > from)
                .Select(r => new { r.PersonId, r.StartsAt, r.EndsAt }).ToListAsync(cancellationToken)).Select(r => (r.PersonId, r.StartsAt, r.EndsAt)));
        var byPerson = existing.ToLookup(e => e.PersonId);
        foreach (var record in records)
            if (byPerson[record.PersonId].Any(e => ActivityRecord.Overlap(record.StartsAt, record.StartsAt.AddMinutes(record.Input.Minutes!.Value), e.StartsAt, e.EndsAt)))
                problems.Add(record.Row, "開始", $"{record.Name}さんは、同じ時間にほかの活動の記録があります。");
        problems.OrderByRow(p => Array.IndexOf(Columns, p.Column));
        return new(records, problems);
    }

    /// <summary>Imports every row or none; a file with any problem imports nothing and says why.</summary>
    public async Task<RecordImportOutcome> ImportAsync(int activityId, byte[] file, IReadOnlyCollection<int> staffAreas, Actor actor, CancellationToken cancellationToken = default)
    {
        var activity = await db.LocalActivities.AsNoTracking().Where(a => a.Id == activityId).Select(a => new { a.Id, a.Name, a.AreaId, a.IsActive }).FirstOrDefaultAsync(cancellationToken);
        if (activity is null) return new RecordImportOutcome.NotFound();
        if (!LocalActivities.InScope(staffAreas, activity.AreaId)) return new RecordImportOutcome.OutOfScope();
        var preview = await PreviewAsync(activityId, file, staffAreas, cancellationToken);
        if (!preview.CanImport) return new RecordImportOutcome.HasProblems(preview);
        return await unitOfWork.RunAsync<RecordImportOutcome>(async ct =>
        {
            var now = clock.UtcNow;
            foreach (var record in preview.Records)
                db.ActivityRecords.Add(ActivityRecord.Create(record.PersonId, activityId, record.Input, record.StartsAt, RecordSource.Staff, actor.StaffUserId ?? "", now));
            audit.Record(actor, AuditAction.ActivityRecordsImport, new AuditTarget("LocalActivity", activityId.ToString(CultureInfo.InvariantCulture), activity.Name),
                $"{preview.Records.Count}件（{preview.Records.Select(r => r.PersonId).Distinct().Count()}人）");
            // Points follow the imported records, for each helper and fiscal year they fall in.
            foreach (var (personId, year) in preview.Records.Select(r => (r.PersonId, clock.FiscalYearOf(r.Input.Date!.Value))).Distinct())
                await points.RederiveAsync(personId, year, ct);
            return new RecordImportOutcome.Imported(preview.Records.Count);
        }, cancellationToken);
    }

    private static string ColumnOf(string field) => field switch
    {
        nameof(RecordInput.Date) => "日付",
        nameof(RecordInput.StartTime) => "開始",
        nameof(RecordInput.Minutes) => "時間（分）",
        nameof(RecordInput.Visits) => "訪問回数",
        _ => "メモ",
    };


    private static bool TryTime(string text, out TimeOnly time)
    {
        var normalised = text.Normalize(NormalizationForm.FormKC).Replace('時', ':').Replace("分", "").TrimEnd(':');
        if (!normalised.Contains(':')) normalised += ":00";
        return TimeOnly.TryParseExact(normalised, ["H:mm", "HH:mm", "H:m"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    /// <summary>Minutes as a number ("90"), or hours and minutes ("1:30"); a negative or over-a-day value is left to the record's rule.</summary>
    private static bool TryMinutes(string text, out int minutes)
    {
        var normalised = text.Normalize(NormalizationForm.FormKC).Replace("分", "").Trim();
        if (int.TryParse(normalised, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out minutes)) return true;
        var parts = normalised.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m < 60)
        {
            minutes = h * 60 + m;
            return true;
        }
        return false;
    }
}
