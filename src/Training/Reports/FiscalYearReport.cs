using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Qualifications;
using Training.Registrations;
using Training.Time;

namespace Training.Reports;

/// <summary>One line of a breakdown: sessions held, 実人数 (different people) and 延人数 (attendances).</summary>
public sealed record ReportLine(string Key, string Label, int Sessions, int People, int Attendances);

/// <summary>The figures the city publishes for a fiscal year (April–March), optionally limited to some areas.</summary>
public sealed record FiscalYearFigures(
    int FiscalYear,
    DateOnly From,
    DateOnly To,
    int SessionsHeld,
    int People,
    int Attendances,
    int ExpectedAttendances,
    int Registrations,
    int Completions,
    int CertificatesIssued,
    int ListedSupporters,
    int ExpiringQualifications,
    IReadOnlyList<ReportLine> ByMonth,
    IReadOnlyList<ReportLine> ByProgram,
    IReadOnlyList<ReportLine> ByArea,
    IReadOnlyList<ReportLine> ByAgeBand,
    IReadOnlyList<ReportLine> BySex)
{
    /// <summary>Attendances against the seats booked for the sessions held; null when nothing was booked.</summary>
    public double? AttendanceRate => ExpectedAttendances == 0 ? null : (double)Attendances / ExpectedAttendances;
}

/// <summary>
/// Works out the yearly figures from attendance. 実人数 counts a person once however often they came; 延人数 counts every
/// attendance (present, late or leaving early). Age is the age reached in the calendar year of the session (only the
/// birth year is asked for), and a person is counted in the age band of their first attendance in the period, so the
/// bands add up to the 実人数. Area is the participant's own 地区.
/// </summary>
public class FiscalYearReport(TrainingDbContext db, SiteClock clock)
{
    public static readonly IReadOnlyList<(string Key, string Label, int? From, int? To)> AgeBands =
    [
        ("under65", "64歳以下", null, 64), ("65to74", "65〜74歳", 65, 74), ("75to84", "75〜84歳", 75, 84), ("85plus", "85歳以上", 85, null),
    ];

    private static readonly AttendanceStatus[] Attended = [AttendanceStatus.Present, AttendanceStatus.Late, AttendanceStatus.LeftEarly];

    private sealed record Row(int PersonId, int SessionId, DateTime StartsAt, int ProgramId, int? PersonAreaId, int? BirthYear, Sex Sex);

    public async Task<FiscalYearFigures> ComputeAsync(int fiscalYear, IReadOnlyCollection<int>? areaIds = null, CancellationToken cancellationToken = default)
    {
        var from = new DateOnly(fiscalYear, FiscalStartMonth(), 1);
        var to = from.AddYears(1).AddDays(-1);
        var fromUtc = clock.StartOfDayUtc(from);
        var toUtc = clock.StartOfDayUtc(to.AddDays(1));
        var nowUtc = clock.UtcNow;
        var limit = areaIds is { Count: > 0 };

        var sessions = db.Sessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.Scheduled && s.StartsAt >= fromUtc && s.StartsAt < toUtc && s.StartsAt <= nowUtc);
        if (limit) sessions = sessions.Where(s => s.Course!.AreaId != null && areaIds!.Contains(s.Course.AreaId.Value));
        var held = await sessions.Select(s => new { s.Id, s.StartsAt, s.CourseId, s.Course!.ProgramId }).ToListAsync(cancellationToken);
        var heldIds = held.Select(s => s.Id).ToList();

        var rows = await db.Attendance.AsNoTracking()
            .Where(a => heldIds.Contains(a.SessionId) && Attended.Contains(a.Status))
            .Select(a => new Row(a.PersonId, a.SessionId, a.Session!.StartsAt, a.Session.Course!.ProgramId, a.Person!.AreaId, a.Person.BirthYear, a.Person.Sex))
            .ToListAsync(cancellationToken);

        // Seats booked for the sessions held: each confirmed registration of the course, once per session held.
        var courseIds = held.Select(s => s.CourseId).Distinct().ToList();
        var confirmedByCourse = await db.Registrations.AsNoTracking()
            .Where(r => courseIds.Contains(r.CourseId) && r.Status == RegistrationStatus.Confirmed)
            .GroupBy(r => r.CourseId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var expected = held.Sum(s => confirmedByCourse.GetValueOrDefault(s.CourseId));

        var registrations = await db.Registrations.AsNoTracking()
            .Where(r => r.RegisteredAt >= fromUtc && r.RegisteredAt < toUtc && r.Status != RegistrationStatus.Cancelled)
            .Where(r => !limit || (r.Course!.AreaId != null && areaIds!.Contains(r.Course.AreaId.Value))).CountAsync(cancellationToken);
        var completions = await db.Completions.AsNoTracking()
            .Where(c => c.Status == CompletionStatus.Completed && c.CompletedAt >= fromUtc && c.CompletedAt < toUtc)
            .Where(c => !limit || (c.Course!.AreaId != null && areaIds!.Contains(c.Course.AreaId.Value))).CountAsync(cancellationToken);
        var certificates = await db.Certificates.AsNoTracking()
            .Where(c => c.IssuedAt >= fromUtc && c.IssuedAt < toUtc && c.RevokedAt == null)
            .Where(c => !limit || (c.Completion!.Course!.AreaId != null && areaIds!.Contains(c.Completion.Course.AreaId.Value))).CountAsync(cancellationToken);
        var qualifications = db.Qualifications.AsNoTracking().Where(q => q.WithdrawnAt == null && (q.ExpiresAt == null || q.ExpiresAt > nowUtc));
        if (limit) qualifications = qualifications.Where(q => q.Person!.AreaId != null && areaIds!.Contains(q.Person.AreaId.Value));
        var listed = await qualifications.Where(q => q.ListedAsSupporter).Select(q => q.PersonId).Distinct().CountAsync(cancellationToken);
        var expiringBefore = nowUtc.AddDays(QualificationService.ExpiringWithinDays);
        var expiring = await qualifications.CountAsync(q => q.ExpiresAt != null && q.ExpiresAt <= expiringBefore, cancellationToken);

        var programs = await db.Programs.AsNoTracking().Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var areas = await db.Areas.AsNoTracking().OrderBy(a => a.NameKana).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken);
        var sessionsByProgram = held.GroupBy(s => s.ProgramId).ToDictionary(g => g.Key, g => g.Count());
        int SessionsOf(IEnumerable<Row> group) => group.Select(r => r.SessionId).Distinct().Count();
        // The row that decides a person's band or month-independent attributes: their first attendance in the period.
        var firstAttendance = rows.GroupBy(r => r.PersonId).ToDictionary(g => g.Key, g => g.MinBy(r => r.StartsAt)!);

        var byMonth = Enumerable.Range(0, 12).Select(i =>
        {
            var month = from.AddMonths(i);
            var startUtc = clock.StartOfDayUtc(month);
            var endUtc = clock.StartOfDayUtc(month.AddMonths(1));
            var inMonth = rows.Where(r => r.StartsAt >= startUtc && r.StartsAt < endUtc).ToList();
            return new ReportLine($"{month:yyyy-MM}", $"{month.Month}月", held.Count(s => s.StartsAt >= startUtc && s.StartsAt < endUtc),
                inMonth.Select(r => r.PersonId).Distinct().Count(), inMonth.Count);
        }).ToList();
        var byProgram = rows.GroupBy(r => r.ProgramId).Select(g => new ReportLine($"{g.Key}", programs.GetValueOrDefault(g.Key, "?"),
                sessionsByProgram.GetValueOrDefault(g.Key), g.Select(r => r.PersonId).Distinct().Count(), g.Count()))
            .Concat(sessionsByProgram.Keys.Where(id => rows.All(r => r.ProgramId != id)).Select(id => new ReportLine($"{id}", programs.GetValueOrDefault(id, "?"), sessionsByProgram[id], 0, 0)))
            .OrderByDescending(l => l.Attendances).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        var byArea = areas.Select(a => (Key: $"{a.Id}", a.Name, Id: (int?)a.Id)).Append(("none", "地区の登録なし", null))
            .Select(a =>
            {
                var group = rows.Where(r => r.PersonAreaId == a.Id).ToList();
                return new ReportLine(a.Key, a.Item2, SessionsOf(group), group.Select(r => r.PersonId).Distinct().Count(), group.Count);
            }).Where(l => l.Attendances > 0 || l.Key != "none").ToList();
        var byAge = AgeBands.Select(b => (b.Key, b.Label, Test: (Func<int?, bool>)(age => age is { } x && (b.From is null || x >= b.From) && (b.To is null || x <= b.To))))
            .Append(("unknown", "不明", age => age is null))
            .Select(b =>
            {
                var attendances = rows.Where(r => b.Test(AgeOn(r))).ToList();
                var people = firstAttendance.Values.Count(r => b.Test(AgeOn(r)));
                return new ReportLine(b.Key, b.Label, SessionsOf(attendances), people, attendances.Count);
            }).ToList();
        var bySex = new[] { (Sex.Female, "女性"), (Sex.Male, "男性"), (Sex.Other, "その他"), (Sex.NotRecorded, "記録なし") }
            .Select(s =>
            {
                var group = rows.Where(r => r.Sex == s.Item1).ToList();
                return new ReportLine(s.Item1.ToString(), s.Item2, SessionsOf(group), group.Select(r => r.PersonId).Distinct().Count(), group.Count);
            }).ToList();

        return new FiscalYearFigures(fiscalYear, from, to, held.Count, firstAttendance.Count, rows.Count, expected, registrations, completions, certificates,
            listed, expiring, byMonth, byProgram, byArea, byAge, bySex);

        int? AgeOn(Row row) => row.BirthYear is { } year ? clock.ToLocal(row.StartsAt).Year - year : null;
    }

    private int FiscalStartMonth()
    {
        // The month in which the fiscal year changes, found from the clock's own rule.
        for (var month = 1; month <= 12; month++)
            if (clock.FiscalYearOf(new DateOnly(2001, month, 1)) == 2001) return month;
        return 4;
    }
}
