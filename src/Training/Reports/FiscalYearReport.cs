using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
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
public class FiscalYearReport(TrainingDbContext db, SiteClock clock, IServiceScopeFactory scopes)
{
    public static readonly IReadOnlyList<(string Key, string Label, int? From, int? To)> AgeBands =
    [
        ("under65", "64歳以下", null, 64), ("65to74", "65〜74歳", 65, 74), ("75to84", "75〜84歳", 75, 84), ("85plus", "85歳以上", 85, null),
    ];

    /// <summary>The fixed labels of the report's lines (bands, sexes, the unknown), which pages show translated.</summary>
    public static IReadOnlyList<string> FixedLabels =>
        [.. AgeBands.Select(b => b.Label), "不明", "女性", "男性", "その他", "記録なし", "地区の登録なし"];

    private static readonly AttendanceStatus[] Attended = [AttendanceStatus.Present, AttendanceStatus.Late, AttendanceStatus.LeftEarly];

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
        // Sessions in time order, so the first session a person is met at below is their first attendance.
        var held = await sessions.OrderBy(s => s.StartsAt).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.StartsAt, s.CourseId, s.Course!.ProgramId }).ToListAsync(cancellationToken);

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

        // Everything below counts in arrays indexed by position (session, program, district, band, sex) and by person id:
        // at 1.5 million attendances, hash lookups per attendance cost more than reading them.
        var monthStarts = Enumerable.Range(0, 13).Select(i => clock.StartOfDayUtc(from.AddMonths(i))).ToArray();
        var monthOf = held.Select(s => Array.FindLastIndex(monthStarts, m => m <= s.StartsAt)).ToArray();
        var yearOf = held.Select(s => clock.ToLocal(s.StartsAt).Year).ToArray();
        var programIds = held.Select(s => s.ProgramId).Distinct().ToArray();
        var programSlot = programIds.Select((id, slot) => (id, slot)).ToDictionary(x => x.id, x => x.slot);
        var programOf = held.Select(s => programSlot[s.ProgramId]).ToArray();
        var areaSlot = areas.Select((a, slot) => (a.Id, slot)).ToDictionary(x => x.Id, x => x.slot + 1); // slot 0: no district
        var (attendees, people) = await ReadAttendanceAsync(held.Select(s => (s.Id, s.StartsAt)).ToList(), fromUtc, toUtc, nowUtc,
            limit ? areaIds : null, areaSlot, cancellationToken);

        const int Bands = 5, Sexes = 4; // the age bands and "unknown"; Sex's four values
        var attendancesByMonth = new int[12];
        var monthsOfPerson = new int[people.Count];
        var programsOfPerson = programIds.Select(_ => new ulong[(people.Count + 63) / 64]).ToArray();
        var programGroups = new Tally(programIds.Length);
        var areaGroups = new Tally(areas.Count + 1);
        var bandGroups = new Tally(Bands);
        var sexGroups = new Tally(Sexes);
        var firstSession = new int[people.Count]; // position of the person's first attendance + 1; 0 while none
        var attended = new List<int>();
        var attendances = 0;
        for (var session = 0; session < held.Count; session++)
        {
            var ids = attendees[session];
            if (ids.Length == 0) continue;
            attendances += ids.Length;
            attendancesByMonth[monthOf[session]] += ids.Length;
            var program = programOf[session];
            var programBits = programsOfPerson[program];
            programGroups.Add(program, session, ids.Length);
            foreach (var id in ids)
            {
                var person = people.Slot(id);
                monthsOfPerson[person] |= 1 << monthOf[session];
                programBits[person >> 6] |= 1UL << (person & 63);
                areaGroups.Add(people.AreaSlot[person], session);
                bandGroups.Add(BandOf(yearOf[session], people.BirthYear[person]), session);
                sexGroups.Add(people.Sex[person], session);
                if (firstSession[person] != 0) continue;
                firstSession[person] = session + 1;
                attended.Add(person);
            }
        }

        // 実人数 per district, sex and age band follow from each person's first attendance, so they add up to the total.
        var peopleByMonth = new int[12];
        var peopleByArea = new int[areas.Count + 1];
        var peopleByBand = new int[Bands];
        var peopleBySex = new int[Sexes];
        foreach (var person in attended)
        {
            for (var mask = monthsOfPerson[person]; mask != 0; mask &= mask - 1) peopleByMonth[System.Numerics.BitOperations.TrailingZeroCount(mask)]++;
            peopleByArea[people.AreaSlot[person]]++;
            peopleByBand[BandOf(yearOf[firstSession[person] - 1], people.BirthYear[person])]++;
            peopleBySex[people.Sex[person]]++;
        }
        var peopleByProgram = programsOfPerson.Select(bits => bits.Sum(word => System.Numerics.BitOperations.PopCount(word))).ToArray();

        var byMonth = Enumerable.Range(0, 12).Select(i => new ReportLine($"{from.AddMonths(i):yyyy-MM}", $"{from.AddMonths(i).Month}月",
            monthOf.Count(m => m == i), peopleByMonth[i], attendancesByMonth[i])).ToList();
        var byProgram = programIds
            .Select((id, slot) => new ReportLine($"{id}", programs.GetValueOrDefault(id, "?"), programOf.Count(p => p == slot), peopleByProgram[slot], programGroups.Attendances[slot]))
            .OrderByDescending(l => l.Attendances).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        var byArea = areas.Select((a, slot) => areaGroups.Line($"{a.Id}", a.Name, slot + 1, peopleByArea[slot + 1]))
            .Append(areaGroups.Line("none", "地区の登録なし", 0, peopleByArea[0]))
            .Where(l => l.Attendances > 0 || l.Key != "none").ToList();
        var byAge = AgeBands.Select(b => (b.Key, b.Label)).Append((Key: "unknown", Label: "不明"))
            .Select((b, slot) => bandGroups.Line(b.Key, b.Label, slot, peopleByBand[slot])).ToList();
        var bySex = new[] { (Sex.Female, "女性"), (Sex.Male, "男性"), (Sex.Other, "その他"), (Sex.NotRecorded, "記録なし") }
            .Select(x => sexGroups.Line(x.Item1.ToString(), x.Item2, (int)x.Item1, peopleBySex[(int)x.Item1])).ToList();

        return new FiscalYearFigures(fiscalYear, from, to, held.Count, attended.Count, attendances, expected, registrations, completions, certificates,
            listed, expiring, byMonth, byProgram, byArea, byAge, bySex);
    }

    /// <summary>The position of the age band (the last is "unknown") for the age reached in a calendar year.</summary>
    private static int BandOf(int year, int birthYear)
    {
        if (birthYear == 0) return AgeBands.Count;
        var age = year - birthYear;
        for (var band = 0; band < AgeBands.Count; band++)
            if ((AgeBands[band].From is not { } lowest || age >= lowest) && (AgeBands[band].To is not { } highest || age <= highest)) return band;
        return AgeBands.Count;
    }

    /// <summary>Attendances per group and the number of different sessions each group was seen at.</summary>
    private sealed class Tally
    {
        public readonly int[] Attendances;
        private readonly int[] _sessions;
        private readonly int[] _lastSession;

        public Tally(int groups)
        {
            Attendances = new int[groups];
            _sessions = new int[groups];
            _lastSession = new int[groups];
            Array.Fill(_lastSession, -1);
        }

        public void Add(int group, int session, int attendances = 1)
        {
            Attendances[group] += attendances;
            if (_lastSession[group] == session) return;
            _lastSession[group] = session;
            _sessions[group]++;
        }

        public ReportLine Line(string key, string label, int group, int people) => new(key, label, _sessions[group], people, Attendances[group]);
    }

    /// <summary>
    /// What the report needs of every person, by person id: the district's position (0 for none), birth year (0 when
    /// not given) and sex. Position 0 stands for nobody.
    /// </summary>
    private sealed class PersonAttributes(int count)
    {
        public int Count => AreaSlot.Length;
        public readonly int[] AreaSlot = new int[count];
        public readonly int[] BirthYear = new int[count];
        public readonly int[] Sex = new int[count];

        public int Slot(int personId) => (uint)personId < (uint)Count ? personId : 0;
    }

    /// <summary>
    /// Who attended each session held (in the order given) and what the report needs of them. The attendance is read in
    /// as many parts as the machine has cores (up to four), each on its own connection, alongside the people: reading
    /// 1.5 million attendances is most of the report's time, and SQLite and PostgreSQL both serve readers in parallel.
    /// </summary>
    private async Task<(int[][] Attendees, PersonAttributes People)> ReadAttendanceAsync(List<(int Id, DateTime StartsAt)> held,
        DateTime fromUtc, DateTime toUtc, DateTime nowUtc, IReadOnlyCollection<int>? areaIds, Dictionary<int, int> areaSlot, CancellationToken cancellationToken)
    {
        var position = new Dictionary<int, int>(held.Count);
        for (var i = 0; i < held.Count; i++) position[held[i].Id] = i;
        var attendees = new int[held.Count][];
        Array.Fill(attendees, []);
        // Consecutive spans of start times: together they cover the period once, whatever ties there are at the edges.
        var parts = Math.Clamp(Math.Min(Environment.ProcessorCount, held.Count), 1, 4);
        var edges = Enumerable.Range(0, parts + 1)
            .Select(part => part == 0 ? fromUtc : part == parts ? toUtc : held[part * held.Count / parts].StartsAt).ToArray();
        var reading = Enumerable.Range(0, parts).Select(part => Task.Run(() => InOwnContextAsync(context =>
            ReadAttendeesAsync(context, position, attendees, edges[part], edges[part + 1], nowUtc, areaIds, cancellationToken)), cancellationToken)).ToList();
        var readingPeople = Task.Run(() => InOwnContextAsync(context => PersonAttributesAsync(context, areaSlot, cancellationToken)), cancellationToken);
        await Task.WhenAll([.. reading, readingPeople]);
        var people = await readingPeople;
        // Someone registered and marked present while the people were read is looked up again, rather than miscounted.
        if (attendees.Any(ids => ids.Length > 0 && ids.Max() >= people.Count))
            people = await PersonAttributesAsync(db, areaSlot, cancellationToken);
        return (attendees, people);
    }

    private async Task<T> InOwnContextAsync<T>(Func<TrainingDbContext, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TrainingDbContext>());
    }

    private static async Task<PersonAttributes> PersonAttributesAsync(TrainingDbContext context, Dictionary<int, int> areaSlot, CancellationToken cancellationToken)
    {
        var people = await ReportReads.PeopleAsync(context, cancellationToken);
        var attributes = new PersonAttributes(people.Count == 0 ? 1 : people.Max(p => p.Id) + 1);
        foreach (var (id, areaId, birthYear, sex) in people)
            (attributes.AreaSlot[id], attributes.BirthYear[id], attributes.Sex[id]) = (areaId is { } area ? areaSlot.GetValueOrDefault(area) : 0, birthYear ?? 0, (int)sex);
        return attributes;
    }

    /// <summary>
    /// Fills in the ids of the people who attended (present, late, left early) each session held that starts in
    /// [<paramref name="fromUtc"/>, <paramref name="toUtc"/>). Returns the number of sessions read.
    /// </summary>
    private static Task<int> ReadAttendeesAsync(TrainingDbContext context, Dictionary<int, int> position, int[][] attendees,
        DateTime fromUtc, DateTime toUtc, DateTime nowUtc, IReadOnlyCollection<int>? areaIds, CancellationToken cancellationToken) =>
        ReportReads.AttendeesBySessionAsync(context, Attended, fromUtc, toUtc, nowUtc, areaIds, (sessionId, ids) =>
        {
            if (position.TryGetValue(sessionId, out var session)) attendees[session] = ids;
        }, cancellationToken);
}
