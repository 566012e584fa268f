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
    /// <summary>The breakdowns with their titles as the exports and the printed report show them.</summary>
    public IEnumerable<(string Title, IReadOnlyList<ReportLine> Lines)> Breakdowns() =>
    [
        ("月別", ByMonth), ("講座・活動別", ByProgram), ("地区別（参加者の住む地区）", ByArea), ("年代別（参加日の年齢）", ByAgeBand), ("性別", BySex),
    ];

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

    private readonly record struct Row(int PersonId, int SessionId, DateTime StartsAt, int ProgramId, int? PersonAreaId, int? BirthYear, Sex Sex);

    public async Task<FiscalYearFigures> ComputeAsync(int fiscalYear, IReadOnlyCollection<int>? areaIds = null, CancellationToken cancellationToken = default)
    {
        var from = new DateOnly(fiscalYear, clock.FiscalYearStartMonth, 1);
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

        // Two integers per attendance, read straight from the database: at 2,000,000 rows a tracked or joined
        // projection costs seconds; the person and session attributes come from two small lookups instead.
        var sessionInfo = held.ToDictionary(s => s.Id, s => (s.StartsAt, s.ProgramId));
        var attendance = await AttendedPairsAsync(fromUtc, toUtc, nowUtc, limit ? areaIds : null, cancellationToken);
        var personIds = attendance.Select(a => a.PersonId).ToHashSet();
        var personInfo = new Dictionary<int, (int? AreaId, int? BirthYear, Sex Sex)>(personIds.Count);
        foreach (var p in await db.People.AsNoTracking().Select(p => new { p.Id, p.AreaId, p.BirthYear, p.Sex }).ToListAsync(cancellationToken))
            if (personIds.Contains(p.Id)) personInfo[p.Id] = (p.AreaId, p.BirthYear, p.Sex);
        var rows = attendance.Where(a => sessionInfo.ContainsKey(a.SessionId)).Select(a =>
        {
            var (startsAt, programId) = sessionInfo[a.SessionId];
            var (areaId, birthYear, sex) = personInfo.GetValueOrDefault(a.PersonId);
            return new Row(a.PersonId, a.SessionId, startsAt, programId, areaId, birthYear, sex);
        }).ToList();

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
        var monthStarts = Enumerable.Range(0, 13).Select(i => clock.StartOfDayUtc(from.AddMonths(i))).ToArray();
        // Sessions by position, so each group can mark the sessions it saw in an array rather than a hash set.
        var indexOf = new Dictionary<int, int>(held.Count);
        for (var i = 0; i < held.Count; i++) indexOf[held[i].Id] = i;
        var monthOf = held.Select(s => Array.FindLastIndex(monthStarts, m => m <= s.StartsAt)).ToArray();
        var yearOf = held.Select(s => clock.ToLocal(s.StartsAt).Year).ToArray();

        // One pass over the attendance. Distinct people per month and per program are counted here; per district, sex
        // and age band they follow from each person's first attendance, below.
        var month = new int[12];
        var monthsOfPerson = new Dictionary<int, int>();
        var programsOfPerson = new HashSet<(int Person, int Program)>();
        var byProgramGroups = new Dictionary<int, Group>();
        var byAreaGroups = new Dictionary<int, Group>();
        var byAgeGroups = new Dictionary<string, Group>();
        var bySexGroups = new Dictionary<Sex, Group>();
        var first = new Dictionary<int, Row>();
        foreach (var row in rows)
        {
            var session = indexOf[row.SessionId];
            month[monthOf[session]]++;
            monthsOfPerson[row.PersonId] = monthsOfPerson.GetValueOrDefault(row.PersonId) | (1 << monthOf[session]);
            programsOfPerson.Add((row.PersonId, row.ProgramId));
            Get(byProgramGroups, row.ProgramId, held.Count).Add(session);
            Get(byAreaGroups, row.PersonAreaId ?? 0, held.Count).Add(session);
            Get(byAgeGroups, BandOf(AgeOn(row)), held.Count).Add(session);
            Get(bySexGroups, row.Sex, held.Count).Add(session);
            if (!first.TryGetValue(row.PersonId, out var earliest) || row.StartsAt < earliest.StartsAt) first[row.PersonId] = row;
        }
        var peopleByBand = first.Values.GroupBy(r => BandOf(AgeOn(r))).ToDictionary(g => g.Key, g => g.Count());
        var peopleByArea = first.Values.GroupBy(r => r.PersonAreaId ?? 0).ToDictionary(g => g.Key, g => g.Count());
        var peopleBySex = first.Values.GroupBy(r => r.Sex).ToDictionary(g => g.Key, g => g.Count());
        var peopleByProgram = programsOfPerson.GroupBy(p => p.Program).ToDictionary(g => g.Key, g => g.Count());

        var byMonth = Enumerable.Range(0, 12).Select(i => new ReportLine($"{from.AddMonths(i):yyyy-MM}", $"{from.AddMonths(i).Month}月",
            monthOf.Count(m => m == i), monthsOfPerson.Values.Count(mask => (mask & (1 << i)) != 0), month[i])).ToList();
        var byProgram = sessionsByProgram.Keys.Union(byProgramGroups.Keys)
            .Select(id => new ReportLine($"{id}", programs.GetValueOrDefault(id, "?"), sessionsByProgram.GetValueOrDefault(id),
                peopleByProgram.GetValueOrDefault(id), byProgramGroups.GetValueOrDefault(id)?.Attendances ?? 0))
            .OrderByDescending(l => l.Attendances).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        var byArea = areas.Select(a => Line($"{a.Id}", a.Name, byAreaGroups.GetValueOrDefault(a.Id), peopleByArea.GetValueOrDefault(a.Id)))
            .Append(Line("none", "地区の登録なし", byAreaGroups.GetValueOrDefault(0), peopleByArea.GetValueOrDefault(0)))
            .Where(l => l.Attendances > 0 || l.Key != "none").ToList();
        var byAge = AgeBands.Select(b => (Key: b.Key, Label: b.Label)).Append((Key: "unknown", Label: "不明"))
            .Select(b => Line(b.Key, b.Label, byAgeGroups.GetValueOrDefault(b.Key), peopleByBand.GetValueOrDefault(b.Key))).ToList();
        var bySex = new[] { (Sex.Female, "女性"), (Sex.Male, "男性"), (Sex.Other, "その他"), (Sex.NotRecorded, "記録なし") }
            .Select(x => Line(x.Item1.ToString(), x.Item2, bySexGroups.GetValueOrDefault(x.Item1), peopleBySex.GetValueOrDefault(x.Item1))).ToList();

        return new FiscalYearFigures(fiscalYear, from, to, held.Count, first.Count, rows.Count, expected, registrations, completions, certificates,
            listed, expiring, byMonth, byProgram, byArea, byAge, bySex);

        int? AgeOn(Row row) => row.BirthYear is { } year ? yearOf[indexOf[row.SessionId]] - year : null;
    }

    private static string BandOf(int? age) =>
        age is not { } years ? "unknown" : AgeBands.First(b => (b.From is null || years >= b.From) && (b.To is null || years <= b.To)).Key;

    private static ReportLine Line(string key, string label, Group? group, int people) =>
        new(key, label, group?.Sessions ?? 0, people, group?.Attendances ?? 0);

    private static Group Get<TKey>(Dictionary<TKey, Group> groups, TKey key, int sessionCount) where TKey : notnull
    {
        if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Group(sessionCount);
        return group;
    }

    /// <summary>Attendances of a group and the number of different sessions they were at.</summary>
    private sealed class Group(int sessionCount)
    {
        private readonly bool[] _seen = new bool[sessionCount];
        public int Attendances { get; private set; }
        public int Sessions { get; private set; }

        public void Add(int session)
        {
            Attendances++;
            if (_seen[session]) return;
            _seen[session] = true;
            Sessions++;
        }
    }

    /// <summary>
    /// (person, session) for every attendance (present, late, left early) at a session held in the period, read with a
    /// plain data reader: 1.5 million pairs through EF's materialiser took a second on their own.
    /// </summary>
    private async Task<List<(int PersonId, int SessionId)>> AttendedPairsAsync(DateTime fromUtc, DateTime toUtc, DateTime nowUtc, IReadOnlyCollection<int>? areaIds,
        CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            void Parameter(string name, object value)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            Parameter("@scheduled", SessionStatus.Scheduled.ToString());
            Parameter("@from", fromUtc);
            Parameter("@to", toUtc);
            Parameter("@now", nowUtc);
            for (var i = 0; i < Attended.Length; i++) Parameter($"@status{i}", Attended[i].ToString());
            var areaFilter = "";
            if (areaIds is not null)
            {
                var names = areaIds.Select((id, i) => { Parameter($"@area{i}", id); return $"@area{i}"; }).ToList();
                areaFilter = $"""AND s."CourseId" IN (SELECT c."Id" FROM "Courses" AS c WHERE c."AreaId" IN ({string.Join(", ", names)}))""";
            }
            command.CommandText = $"""
                SELECT a."PersonId", a."SessionId" FROM "Attendance" AS a
                INNER JOIN "Sessions" AS s ON s."Id" = a."SessionId"
                WHERE s."Status" = @scheduled AND s."StartsAt" >= @from AND s."StartsAt" < @to AND s."StartsAt" <= @now
                  AND a."Status" IN ({string.Join(", ", Attended.Select((_, i) => $"@status{i}"))}) {areaFilter}
                """;
            var pairs = new List<(int, int)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (reader.Read()) pairs.Add((reader.GetInt32(0), reader.GetInt32(1)));
            return pairs;
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }
}
