using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Training.Courses;
using Training.Data;
using Training.Registrations;
using Training.Text;
using Training.Time;

namespace Training.Attendance;

public sealed record ImportedMark(int Row, int SessionId, int SequenceNumber, DateOnly Date, int PersonId, int RegistrationId, string Name, AttendanceStatus Status, string? Note);

public sealed record ImportPreview(IReadOnlyList<ImportedMark> Marks, ImportProblems Problems)
{
    public bool CanImport => Problems.Count == 0 && Marks.Count > 0;
}

/// <summary>
/// Attendance typed in from paper sign-in sheets as CSV (日付, 氏名, ふりがな, 出欠, メモ), UTF-8 or Shift_JIS as Excel
/// saves it. Every row is checked first and reported by row, column and reason; the import is all or nothing.
/// </summary>
public class AttendanceImport(TrainingDbContext db, UnitOfWork unitOfWork, CompletionService completions, SiteClock clock,
    Microsoft.Extensions.Options.IOptions<Configuration.AttendanceOptions> options)
{
    public static readonly string[] Columns = ["日付", "氏名", "ふりがな", "出欠", "メモ"];

    public async Task<ImportPreview> PreviewAsync(int courseId, byte[] file, CancellationToken cancellationToken = default)
    {
        var problems = new ImportProblems();
        var marks = new List<ImportedMark>();
        if (!SpreadsheetFile.TryReadRows(file, out var rows, out var unreadable)) return new([], new(new(0, "", unreadable)));
        var header = rows[0].Select(h => h.Trim()).ToList();
        var index = Columns.ToDictionary(c => c, c => header.IndexOf(c));
        foreach (var missing in index.Where(i => i.Value < 0 && i.Key is not "メモ" and not "ふりがな"))
            problems.Add(1, missing.Key, $"見出しに「{missing.Key}」の列がありません。見出しは {string.Join(",", Columns)} です。");
        if (problems.Count > 0) return new([], problems);

        var sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == courseId).ToListAsync(cancellationToken);
        var registrants = await db.Registrations.AsNoTracking().Include(r => r.Person)
            .Where(r => r.CourseId == courseId && r.Status != RegistrationStatus.Cancelled).ToListAsync(cancellationToken);
        // Each registrant's name folded once, not once per row: a sheet of 100,000 marks names the same people again and again.
        var byName = registrants.ToLookup(r => NameFolding.SearchKey(r.Person!.FullName));
        var kanaOf = registrants.ToDictionary(r => r.Id, r => NameFolding.SearchKey(r.Person!.FullNameKana));
        var seen = new HashSet<(int Session, int Person)>();
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var number = i + 1;
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            string Cell(string column) => index[column] >= 0 && index[column] < row.Count ? row[index[column]].Trim() : "";
            string Quoted(string column) => SpreadsheetFile.Quote(Cell(column));

            Session? session = null;
            if (!LedgerDates.TryParse(Cell("日付"), out var date))
                problems.Add(number, "日付", $"「{Quoted("日付")}」は日付として読めません（例：2026/12/9）。");
            else if ((session = sessions.FirstOrDefault(s => DateOnly.FromDateTime(clock.ToLocal(s.StartsAt)) == date)) is null)
                problems.Add(number, "日付", $"{JapaneseDates.FullDate(date)}はこの講座の開催日ではありません。");
            else if (session.Status == SessionStatus.Cancelled)
                problems.Add(number, "日付", $"{JapaneseDates.FullDate(date)}の回は中止になっています。");
            else if (!session.TakesMarksAt(clock.UtcNow, options.Value.MarksOpenBefore))
                problems.Add(number, "日付", $"{JapaneseDates.FullDate(date)}の回はまだ始まっていません。");

            var nameKey = NameFolding.SearchKey(Cell("氏名"));
            var kanaKey = NameFolding.SearchKey(Cell("ふりがな"));
            var matches = byName[nameKey].Where(r => kanaKey.Length == 0 || kanaOf[r.Id] == kanaKey).ToList();
            if (nameKey.Length == 0) problems.Add(number, "氏名", "氏名が空です。");
            else if (matches.Count == 0) problems.Add(number, "氏名", $"「{Quoted("氏名")}」はこの講座の申し込み者にいません。");
            else if (matches.Count > 1) problems.Add(number, "ふりがな", $"「{Quoted("氏名")}」が複数います。ふりがなで区別してください。");

            var status = ParseStatus(Cell("出欠"));
            if (status is null) problems.Add(number, "出欠", $"「{Quoted("出欠")}」は出欠として読めません（出席・遅刻・早退・欠席（連絡あり）・欠席）。");

            if (session is null || matches.Count != 1 || status is null) continue;
            if (!seen.Add((session.Id, matches[0].PersonId)))
            {
                problems.Add(number, "氏名", "同じ人・同じ日の行がほかにもあります。");
                continue;
            }
            var note = Cell("メモ");
            marks.Add(new ImportedMark(number, session.Id, session.SequenceNumber, DateOnly.FromDateTime(clock.ToLocal(session.StartsAt)), matches[0].PersonId,
                matches[0].Id, matches[0].Person!.FullName, status.Value, note.Length == 0 ? null : note[..Math.Min(note.Length, 1000)]));
        }
        if (marks.Count == 0 && problems.Count == 0) problems.Add(0, "", "取り込む行がありません。");
        return new(marks, problems);
    }

    /// <summary>Imports everything or nothing; only a file whose preview had no problems is imported.</summary>
    public async Task<int> ImportAsync(int courseId, byte[] file, string? staffId, CancellationToken cancellationToken = default)
    {
        var preview = await PreviewAsync(courseId, file, cancellationToken);
        if (!preview.CanImport) throw new InvalidOperationException("The file has problems; nothing was imported.");
        await unitOfWork.RunAsync(async cancellationToken =>
        {
            var now = clock.UtcNow;
            await completions.MarkStaleAsync(preview.Marks.Select(m => m.RegistrationId).Distinct().ToList(), cancellationToken);
            var sessionIds = preview.Marks.Select(m => m.SessionId).Distinct().ToList();
            // The sessions' existing marks read once, not one query per row.
            var existing = await db.Attendance.Where(a => sessionIds.Contains(a.SessionId)).ToDictionaryAsync(a => (a.SessionId, a.PersonId), cancellationToken);
            foreach (var mark in preview.Marks)
            {
                if (!existing.TryGetValue((mark.SessionId, mark.PersonId), out var record))
                    db.Attendance.Add(record = new AttendanceRecord { SessionId = mark.SessionId, PersonId = mark.PersonId });
                record.RegistrationId = mark.RegistrationId;
                record.Status = mark.Status;
                record.Note = mark.Note ?? record.Note;
                record.Source = AttendanceSource.CsvImport;
                record.RecordedAt = now;
                record.RecordedByStaffId = staffId;
                record.Version++;
            }
            await db.Sessions.Where(s => sessionIds.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.AttendanceTakenAt, now), cancellationToken);
        }, cancellationToken);
        // The marks are saved: untracked now, or every save of the derivation below would compare each of them again
        // (a sheet of 5,000 marks took 90 s that way, and the time grows with the square of the rows).
        db.ChangeTracker.Clear();
        // Make-ups count for the registration of another run: derive every course a mark counts for.
        // One list parameter, not one per mark: SQLite refuses a statement of more than 32,766 variables.
        var registrationIds = preview.Marks.Select(m => m.RegistrationId).Distinct().ToList();
        var courseIds = await db.Registrations.AsNoTracking().Where(r => registrationIds.Contains(r.Id))
            .Select(r => r.CourseId).Distinct().ToListAsync(cancellationToken);
        foreach (var id in courseIds) await completions.DeriveCourseAsync(id, cancellationToken);
        return preview.Marks.Count;
    }

    public static AttendanceStatus? ParseStatus(string text) => NameFolding.SearchKey(text).Replace("(", "（").Replace(")", "）") switch
    {
        "出席" or "○" or "〇" or "p" or "present" => AttendanceStatus.Present,
        "遅刻" or "l" or "late" => AttendanceStatus.Late,
        "早退" or "e" => AttendanceStatus.LeftEarly,
        "欠席（連絡あり）" or "連絡あり" or "x" or "excused" => AttendanceStatus.ExcusedAbsence,
        "欠席" or "×" or "a" or "absent" => AttendanceStatus.Absent,
        _ => null,
    };


}
