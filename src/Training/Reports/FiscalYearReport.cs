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

/// <summary>
/// One line of a breakdown: 開催回数 (sessions held), 実人数 (different people) and 延べ参加者数 (attendances).
/// <paramref name="Sessions"/> is null where a line is a kind of participant (their district, age band or sex): sessions
/// are held in a month, by a program, in a district, never "by women" — counting the sessions a group was seen at there
/// read as sessions held (six for a district where one was held).
/// </summary>
public sealed record ReportLine(string Key, string Label, int? Sessions, int People, int Attendances);

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
    IReadOnlyList<ReportLine> ByVenueArea,
    IReadOnlyList<ReportLine> ByArea,
    IReadOnlyList<ReportLine> ByAgeBand,
    IReadOnlyList<ReportLine> BySex)
{
    /// <summary>The breakdowns' titles, in the order the page, the printed report and the exports show them.</summary>
    public static readonly IReadOnlyList<string> BreakdownTitles =
        ["月別", "講座・活動別", "地区別（講座を開いた地区）", "地区別（参加者の住む地区）", "年代別（参加日の年齢）", "性別ごと"];

    /// <summary>The breakdowns with their titles as the exports and the printed report show them.</summary>
    public IEnumerable<(string Title, IReadOnlyList<ReportLine> Lines)> Breakdowns() =>
        BreakdownTitles.Zip(new[] { ByMonth, ByProgram, ByVenueArea, ByArea, ByAgeBand, BySex });

    /// <summary>Attendances against the seats booked for the sessions held; null when nothing was booked.</summary>
    public double? AttendanceRate => ExpectedAttendances == 0 ? null : (double)Attendances / ExpectedAttendances;
}

/// <summary>The words the report's columns and totals are said in, the same on the page, in the PDF and in the files.</summary>
public static class ReportWords
{
    public const string Item = "項目";
    public const string SessionsHeld = "開催回数";
    public const string People = "実人数";
    public const string Attendances = "延べ参加者数";
    /// <summary>The columns of every breakdown, in order; the page and the PDF add the bar after them.</summary>
    public static readonly IReadOnlyList<string> Columns = [Item, SessionsHeld, People, Attendances];
    /// <summary>Said under the tables.</summary>
    public const string Note = "開催回数は開いた回の数、実人数は同じ人を1人、延べ参加者数は参加のたびに数えます。地区別（参加者の住む地区）・年代別・性別は参加した人の分け方なので、開催回数はありません（—）。年齢は参加した年に迎える年齢（生まれた年から計算）で、実人数はその年度に初めて参加した日の年代に数えます。";
    /// <summary>Every word above and the breakdowns' titles: pages show them translated.</summary>
    public static IEnumerable<string> All => [.. Columns, Note, .. FiscalYearFigures.BreakdownTitles];
}

/// <summary>
/// Works out the yearly figures from attendance. 開催回数 counts the sessions held (not cancelled, begun by now); 実人数
/// counts a person once however often they came; 延べ参加者数 counts every attendance (present, late or leaving early).
/// Sessions are counted by month, program and the district the course is held in; the participant's own district, age
/// band and sex have people and attendances only. Age is the age reached in the calendar year of the session (only the
/// birth year is asked for), and a person is counted in the age band of their first attendance in the period, so the
/// bands add up to the 実人数.
/// </summary>
public class FiscalYearReport(TrainingDbContext db, SiteClock clock, IServiceScopeFactory scopes)
{
    public static readonly IReadOnlyList<(string Key, string Label, int? From, int? To)> AgeBands =
    [
        ("under65", "64歳以下", null, 64), ("65to74", "65〜74歳", 65, 74), ("75to84", "75〜84歳", 75, 84), ("85plus", "85歳以上", 85, null),
    ];

    /// <summary>The fixed labels of the report's lines (bands, sexes, the unknown), which pages show translated.</summary>
    public static IReadOnlyList<string> FixedLabels =>
        [.. AgeBands.Select(b => b.Label), "不明", "女性", "男性", "その他", "記録なし", "地区の登録なし", "市全域"];

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
            .Select(s => new { s.Id, s.StartsAt, s.CourseId, s.Course!.ProgramId, s.Course.AreaId }).ToListAsync(cancellationToken);

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
        // The district a session is held in is its course's; slot 0 is a city-wide course.
        var venueOf = held.Select(s => s.AreaId is { } area ? areaSlot.GetValueOrDefault(area) : 0).ToArray();
        var (attendees, people) = await ReadAttendanceAsync(held.Select(s => (s.Id, s.StartsAt)).ToList(), fromUtc, toUtc, nowUtc,
            limit ? areaIds : null, areaSlot, cancellationToken);

        const int Bands = 5, Sexes = 4; // the age bands and "unknown"; Sex's four values
        var words = (people.Count + 63) / 64;
        var attendancesByMonth = new int[12];
        var monthsOfPerson = new int[people.Count];
        var programsOfPerson = programIds.Select(_ => new ulong[words]).ToArray();
        var venuesOfPerson = new ulong[areas.Count + 1][];
        var attendancesByProgram = new int[programIds.Length];
        var attendancesByVenue = new int[areas.Count + 1];
        var attendancesByArea = new int[areas.Count + 1];
        var attendancesByBand = new int[Bands];
        var attendancesBySex = new int[Sexes];
        var firstSession = new int[people.Count]; // position of the person's first attendance + 1; 0 while none
        var attended = new List<int>();
        var attendances = 0;
        for (var session = 0; session < held.Count; session++)
        {
            var ids = attendees[session];
            if (ids.Length == 0) continue;
            attendances += ids.Length;
            attendancesByMonth[monthOf[session]] += ids.Length;
            attendancesByProgram[programOf[session]] += ids.Length;
            attendancesByVenue[venueOf[session]] += ids.Length;
            var programBits = programsOfPerson[programOf[session]];
            var venueBits = venuesOfPerson[venueOf[session]] ??= new ulong[words];
            foreach (var id in ids)
            {
                var person = people.Slot(id);
                monthsOfPerson[person] |= 1 << monthOf[session];
                programBits[person >> 6] |= 1UL << (person & 63);
                venueBits[person >> 6] |= 1UL << (person & 63);
                attendancesByArea[people.AreaSlot[person]]++;
                attendancesByBand[BandOf(yearOf[session], people.BirthYear[person])]++;
                attendancesBySex[people.Sex[person]]++;
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
        static int PeopleIn(ulong[]? bits) => bits?.Sum(word => System.Numerics.BitOperations.PopCount(word)) ?? 0;

        var byMonth = Enumerable.Range(0, 12).Select(i => new ReportLine($"{from.AddMonths(i):yyyy-MM}", $"{from.AddMonths(i).Month}月",
            monthOf.Count(m => m == i), peopleByMonth[i], attendancesByMonth[i])).ToList();
        var byProgram = programIds
            .Select((id, slot) => new ReportLine($"{id}", programs.GetValueOrDefault(id, "?"), programOf.Count(p => p == slot), PeopleIn(programsOfPerson[slot]), attendancesByProgram[slot]))
            .OrderByDescending(l => l.Attendances).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        // Where sessions were held: every district (a coordinator's own), then city-wide courses when there were any.
        var byVenue = areas.Select((a, slot) => (a.Id, a.Name, Slot: slot + 1)).Where(a => !limit || areaIds!.Contains(a.Id))
            .Select(a => new ReportLine($"{a.Id}", a.Name, venueOf.Count(v => v == a.Slot), PeopleIn(venuesOfPerson[a.Slot]), attendancesByVenue[a.Slot]))
            .Append(new ReportLine("citywide", "市全域", venueOf.Count(v => v == 0), PeopleIn(venuesOfPerson[0]), attendancesByVenue[0]))
            .Where(l => l.Sessions > 0 || l.Key != "citywide").ToList();
        var byArea = areas.Select((a, slot) => new ReportLine($"{a.Id}", a.Name, null, peopleByArea[slot + 1], attendancesByArea[slot + 1]))
            .Append(new ReportLine("none", "地区の登録なし", null, peopleByArea[0], attendancesByArea[0]))
            .Where(l => l.Attendances > 0 || l.Key != "none").ToList();
        var byAge = AgeBands.Select(b => (b.Key, b.Label)).Append((Key: "unknown", Label: "不明"))
            .Select((b, slot) => new ReportLine(b.Key, b.Label, null, peopleByBand[slot], attendancesByBand[slot])).ToList();
        var bySex = new[] { (Sex.Female, "女性"), (Sex.Male, "男性"), (Sex.Other, "その他"), (Sex.NotRecorded, "記録なし") }
            .Select(x => new ReportLine(x.Item1.ToString(), x.Item2, null, peopleBySex[(int)x.Item1], attendancesBySex[(int)x.Item1])).ToList();

        return new FiscalYearFigures(fiscalYear, from, to, held.Count, attended.Count, attendances, expected, registrations, completions, certificates,
            listed, expiring, byMonth, byProgram, byVenue, byArea, byAge, bySex);
    }

    /// <summary>The position of the age band (the last is "unknown") for the age reached in a calendar year (0: birth year not given).</summary>
    public static int BandOf(int year, int birthYear)
    {
        if (birthYear == 0) return AgeBands.Count;
        var age = year - birthYear;
        for (var band = 0; band < AgeBands.Count; band++)
            if ((AgeBands[band].From is not { } lowest || age >= lowest) && (AgeBands[band].To is not { } highest || age <= highest)) return band;
        return AgeBands.Count;
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
