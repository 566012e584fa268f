using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Audit;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Registrations;
using Training.Text;

namespace Training.Reports;

public enum ParticipantFormat { Csv, Xlsx }

/// <summary>One participant of a course as the list gives them: names exactly as stored, the booking and the attendance.</summary>
public sealed record ParticipantRow(string Name, string Kana, string District, string Phone, string Email, string Status, string SessionsBooked,
    int SessionsBookedCount, int Attended);

/// <summary>A course's participant list as a file, with its name.</summary>
public sealed record ParticipantFile(string FileName, string ContentType, byte[] Content, int Rows);

/// <summary>
/// A course's participants as a file for the office (CSV in UTF-8 with a byte-order mark for Excel, or XLSX): name,
/// furigana, district, phone, email, booking status, the sessions booked and how many were attended — in furigana
/// order. Taking a copy of personal data is audited. Staff scope is the caller's to check.
/// </summary>
public class ParticipantExport(TrainingDbContext db, UnitOfWork unitOfWork, AuditLog audit)
{
    public static readonly string[] Header = ["お名前", "ふりがな", "地区", "電話番号", "メール", "申し込みの状況", "申し込んだ回", "申し込んだ回数", "出席した回数"];

    private static readonly AttendanceStatus[] Attended = [AttendanceStatus.Present, AttendanceStatus.Late, AttendanceStatus.LeftEarly];

    /// <summary>The rows: booked and waiting (and cancelled when asked), in furigana order, names exactly as stored.</summary>
    public async Task<IReadOnlyList<ParticipantRow>> RowsAsync(int courseId, bool includeCancelled, CancellationToken cancellationToken = default)
    {
        var registrations = await db.Registrations.AsNoTracking()
            .Where(r => r.CourseId == courseId && r.Person!.AnonymisedAt == null && (includeCancelled || r.Status != RegistrationStatus.Cancelled))
            .Select(r => new
            {
                r.Id, r.PersonId, r.Status, r.FromSession, r.UntilSession, r.Person!.FamilyName, r.Person.GivenName, r.Person.FamilyNameKana, r.Person.GivenNameKana,
                r.Person.KanaSortKey, Area = r.Person.Area!.Name, r.Person.Phone, r.Person.Email,
            })
            .ToListAsync(cancellationToken);
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.CourseId == courseId && s.Status == SessionStatus.Scheduled)
            .Select(s => s.SequenceNumber).ToListAsync(cancellationToken);
        var people = registrations.Select(r => r.PersonId).ToList();
        var attended = (await db.Attendance.AsNoTracking()
                .Where(a => a.Session!.CourseId == courseId && people.Contains(a.PersonId) && Attended.Contains(a.Status))
                .GroupBy(a => a.PersonId).Select(g => new { PersonId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(a => a.PersonId, a => a.Count);
        var places = await Registration.WaitlistPlaces(db.Registrations, registrations.Where(r => r.Status == RegistrationStatus.Waitlisted).Select(r => r.Id), cancellationToken);
        return registrations
            .OrderBy(r => r.KanaSortKey, StringComparer.Ordinal).ThenBy(r => r.PersonId)
            .Select(r => new ParticipantRow(
                string.IsNullOrEmpty(r.GivenName) ? r.FamilyName : $"{r.FamilyName} {r.GivenName}",
                string.IsNullOrEmpty(r.GivenNameKana) ? r.FamilyNameKana : $"{r.FamilyNameKana} {r.GivenNameKana}",
                r.Area ?? "", r.Phone ?? "", r.Email ?? "",
                r.Status switch
                {
                    RegistrationStatus.Confirmed => "参加決定",
                    RegistrationStatus.Waitlisted => places.TryGetValue(r.Id, out var place) ? $"キャンセル待ち {place}番目" : "キャンセル待ち",
                    _ => "取り消し",
                },
                Span(r.FromSession, r.UntilSession),
                sessions.Count(n => Registration.Covers(r.FromSession, r.UntilSession, n)),
                attended.GetValueOrDefault(r.PersonId)))
            .ToList();
    }

    /// <summary>Makes the file and records in the audit log who took it, of which course, how many people.</summary>
    public async Task<ParticipantFile?> ExportAsync(int courseId, ParticipantFormat format, bool includeCancelled, Actor actor, CancellationToken cancellationToken = default)
    {
        var course = await db.Courses.AsNoTracking().Include(c => c.Program).FirstOrDefaultAsync(c => c.Id == courseId, cancellationToken);
        if (course is null) return null;
        var rows = await RowsAsync(courseId, includeCancelled, cancellationToken);
        var name = $"participants-{courseId}";
        var file = format == ParticipantFormat.Csv
            ? new ParticipantFile($"{name}.csv", TableFile.CsvType, Csv(rows), rows.Count)
            : new ParticipantFile($"{name}.xlsx", TableFile.XlsxType,
                await XlsxAsync($"{course.Program!.Name} {course.Title}", rows, cancellationToken), rows.Count);
        await unitOfWork.RunAsync(_ =>
        {
            audit.Record(actor, AuditAction.ExportParticipants, AuditTarget.Of(course) with { Label = $"{course.Program!.Name} {course.Title}" },
                $"{(format == ParticipantFormat.Csv ? "CSV" : "XLSX")}、{rows.Count}人" + (includeCancelled ? "（取り消した方を含む）" : ""));
            return Task.CompletedTask;
        }, cancellationToken);
        return file;
    }

    /// <summary>What a booking covers, in words: the whole course, or of an activity which sessions.</summary>
    public static string Span(int? from, int? until) => (from, until) switch
    {
        (null, _) => "全回",
        ({ } f, { } u) when f == u => $"第{f}回のみ",
        ({ } f, null) => $"第{f}回から毎回",
        ({ } f, { } u) => $"第{f}回から第{u}回まで",
    };

    private static IEnumerable<object?[]> Cells(IReadOnlyList<ParticipantRow> rows) =>
        rows.Select(r => new object?[] { r.Name, r.Kana, r.District, r.Phone, r.Email, r.Status, r.SessionsBooked, r.SessionsBookedCount, r.Attended });

    /// <summary>UTF-8 with a byte-order mark (so Excel reads the Japanese), CRLF lines, every field quoted and neutralised.</summary>
    public static byte[] Csv(IReadOnlyList<ParticipantRow> rows) => TableFile.Csv(Header, Cells(rows));

    /// <summary>One sheet, headed by the course, with column widths; counts as numbers, text neutralised against formulas.</summary>
    public static Task<byte[]> XlsxAsync(string title, IReadOnlyList<ParticipantRow> rows, CancellationToken cancellationToken = default) =>
        TableFile.XlsxAsync(title, "参加者", Header, [20, 24, 14, 16, 30, 18, 20, 10, 10], Cells(rows), cancellationToken);
}
