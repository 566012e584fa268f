using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Reports;
using Training.Tests.Infrastructure;

namespace Training.Tests.Reports;

/// <summary>
/// The yearly figures against a fixture worked out by hand (fiscal year 2026 = April 2026 – March 2027, today 20 March 2027):
///   Course A (area 穂坂): sessions 10 May, 24 May, 7 Jun, [5 Jul cancelled], 10 Jan; 和子 and 進 confirmed.
///   Course B (no area):  session 15 May; ハル confirmed.
///   和子 (born 1950, female, 穂坂): present 10 May and 24 May (twice in one month), late 7 Jun.
///   進 (born 1962, male, 竜岡): present 10 May (aged 64), absent 24 May, present 10 Jan 2027 (aged 65).
///   ハル (no birth year, sex not recorded, no area): present 15 May.
/// </summary>
/// <remarks>
/// The report counts the whole database: the tests that read the hand-worked fixture as it is share one app seeded with
/// it once (they only read); a test that seeds another year or another program name has an app of its own.
/// </remarks>
public sealed class FiscalYearReportTests(FiscalYearReportTests.Seeded shared) : IClassFixture<FiscalYearReportTests.Seeded>
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    private static FakeTimeProvider Today() => new(new DateTimeOffset(2027, 3, 20, 12, 0, 0, Tokyo));

    /// <summary>One app holding the hand-worked fixture, seeded by the first test that asks for it.</summary>
    public sealed class Seeded() : SharedApp(null, Today())
    {
        private Task? _seeded;

        public Task SeedOnceAsync() => _seeded ??= SeedAsync(App);
    }

    private readonly TrainingApp _app = shared.App;

    private static DateTime At(int year, int month, int day) => new DateTimeOffset(year, month, day, 10, 0, 0, Tokyo).UtcDateTime;

    private Task SeedAsync() => shared.SeedOnceAsync();

    private static async Task SeedAsync(TrainingApp app, string programName = "生活支援サポーター養成講座")
    {
        await app.WithDbAsync(async db =>
        {
            var hosaka = new Area { Code = "H", Name = "穂坂地区", NameKana = "ほさかちく" };
            var tatsuoka = new Area { Code = "T", Name = "竜岡地区", NameKana = "たつおかちく" };
            var city = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長" };
            var programA = new ProgramBuilder().Named(programName).WithPlannedSessions(5).By(city).Build();
            var programB = new ProgramBuilder().ForActivity("スマホ教室").WithPlannedSessions(1).By(city).Build();
            var courseA = new CourseBuilder().Of(programA).Titled("第1期").AtVenue("穂坂公民館").InArea(hosaka).WithoutSessions().Build();
            var courseB = new CourseBuilder().Of(programB).Titled("5月").AtVenue("市民交流センター").InArea(null).WithoutSessions().Build();
            // Numbered in the order planned (n says which, for the reader).
            Session S(Course course, int n, DateTime start, SessionStatus status = SessionStatus.Scheduled)
            {
                var session = course.PlanSession(start, start.AddHours(2));
                if (status == SessionStatus.Cancelled) session.Cancel("中止");
                return session;
            }
            var a1 = S(courseA, 1, At(2026, 5, 10));
            var a2 = S(courseA, 2, At(2026, 5, 24));
            var a3 = S(courseA, 3, At(2026, 6, 7));
            S(courseA, 4, At(2026, 7, 5), SessionStatus.Cancelled);
            var a5 = S(courseA, 5, At(2027, 1, 10));
            var b1 = S(courseB, 1, At(2026, 5, 15));
            var kazuko = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").BornIn(1950).OfSex(Sex.Female).InArea(hosaka).Build();
            var susumu = new PersonBuilder().Named("佐藤", "進", "さとう", "すすむ").BornIn(1962).OfSex(Sex.Male).InArea(tatsuoka).Build();
            var haru = new PersonBuilder().Named("𠮷田", "ハル", "よしだ", "はる").Build();
            db.AddRange(courseA, courseB);
            foreach (var (course, person) in new[] { (courseA, kazuko), (courseA, susumu), (courseB, haru) })
                db.Registrations.Add(new RegistrationBuilder().For(course).Of(person).RegisteredAt(At(2026, 4, 20)).Build());
            void Mark(Session session, Person person, AttendanceStatus status) =>
                db.Attendance.Add(new AttendanceRecord { Session = session, Person = person, Status = status, RecordedAt = session.StartsAt });
            Mark(a1, kazuko, AttendanceStatus.Present);
            Mark(a2, kazuko, AttendanceStatus.Present);
            Mark(a3, kazuko, AttendanceStatus.Late);
            Mark(a1, susumu, AttendanceStatus.Present);
            Mark(a2, susumu, AttendanceStatus.Absent);
            Mark(a5, susumu, AttendanceStatus.Present);
            Mark(b1, haru, AttendanceStatus.Present);
            await db.SaveChangesAsync();
        });
    }

    private Task<FiscalYearFigures> ReportAsync(IReadOnlyCollection<int>? areas = null) => ReportAsync(_app, areas);

    private static async Task<FiscalYearFigures> ReportAsync(TrainingApp app, IReadOnlyCollection<int>? areas = null)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<FiscalYearReport>().ComputeAsync(2026, areas);
    }

    [Fact]
    public async Task Totals_count_people_once_and_every_attendance_and_leave_out_cancelled_and_absent()
    {
        await SeedAsync();

        var f = await ReportAsync();

        Assert.Equal((new DateOnly(2026, 4, 1), new DateOnly(2027, 3, 31)), (f.From, f.To));
        Assert.Equal(5, f.SessionsHeld);
        Assert.Equal(3, f.People);
        Assert.Equal(6, f.Attendances);
        Assert.Equal(9, f.ExpectedAttendances);
        Assert.Equal(6.0 / 9, f.AttendanceRate!.Value, 3);
        Assert.Equal(3, f.Registrations);
    }

    [Fact]
    public async Task A_person_attending_twice_in_a_month_is_one_person_and_two_attendances_that_month()
    {
        await SeedAsync();

        var f = await ReportAsync();

        Assert.Equal(12, f.ByMonth.Count);
        Assert.Equal(new ReportLine("2026-05", "5月", 3, 3, 4), f.ByMonth[1]);
        Assert.Equal(new ReportLine("2026-06", "6月", 1, 1, 1), f.ByMonth[2]);
        Assert.Equal(new ReportLine("2027-01", "1月", 1, 1, 1), f.ByMonth[9]);
        Assert.Equal(6, f.ByMonth.Sum(m => m.Attendances));
    }

    [Fact]
    public async Task Age_bands_use_the_age_on_the_session_date_and_count_each_person_in_the_band_of_their_first_attendance()
    {
        await SeedAsync();

        var bands = (await ReportAsync()).ByAgeBand.ToDictionary(b => b.Key);

        Assert.Equal((1, 1), (bands["under65"].People, bands["under65"].Attendances));
        Assert.Equal((0, 1), (bands["65to74"].People, bands["65to74"].Attendances));
        Assert.Equal((1, 3), (bands["75to84"].People, bands["75to84"].Attendances));
        Assert.Equal((1, 1), (bands["unknown"].People, bands["unknown"].Attendances));
        Assert.Equal(3, bands.Values.Sum(b => b.People));
    }

    [Fact]
    public async Task Breakdowns_by_program_area_and_sex_add_up_to_the_totals()
    {
        await SeedAsync();

        var f = await ReportAsync();

        Assert.Equal(new ReportLine(f.ByProgram[0].Key, "生活支援サポーター養成講座", 4, 2, 5), f.ByProgram[0]);
        Assert.Equal((1, 1, 1), (f.ByProgram[1].Sessions, f.ByProgram[1].People, f.ByProgram[1].Attendances));
        // Where the sessions were held: course A's four in 穂坂, course B's one city-wide; 竜岡 held none.
        Assert.Equal([("竜岡地区", 0, 0, 0), ("穂坂地区", 4, 2, 5), ("市全域", 1, 1, 1)], f.ByVenueArea.Select(a => (a.Label, a.Sessions ?? -1, a.People, a.Attendances)));
        Assert.Equal(f.SessionsHeld, f.ByVenueArea.Sum(a => a.Sessions));
        // Where the participants live: people and attendances, and no sessions held.
        Assert.Equal([("穂坂地区", 1, 3), ("竜岡地区", 1, 2), ("地区の登録なし", 1, 1)], f.ByArea.Select(a => (a.Label, a.People, a.Attendances)).OrderBy(a => a.Label == "地区の登録なし").ThenByDescending(a => a.Attendances));
        Assert.All(f.ByArea.Concat(f.ByAgeBand).Concat(f.BySex), line => Assert.Null(line.Sessions));
        var sexes = f.BySex.ToDictionary(s => s.Key);
        Assert.Equal((1, 3), (sexes["Female"].People, sexes["Female"].Attendances));
        Assert.Equal((1, 2), (sexes["Male"].People, sexes["Male"].Attendances));
        Assert.Equal((1, 1), (sexes["NotRecorded"].People, sexes["NotRecorded"].Attendances));
    }

    [Fact]
    public async Task A_coordinator_limited_to_an_area_gets_the_figures_of_that_areas_courses_only()
    {
        await SeedAsync();
        var hosaka = await _app.WithDbAsync(db => Task.FromResult(db.Areas.Single(a => a.Code == "H").Id));

        var f = await ReportAsync([hosaka]);

        Assert.Equal((4, 2, 5), (f.SessionsHeld, f.People, f.Attendances));
    }

    [Fact]
    public async Task Every_breakdown_matches_a_plain_recount_of_a_larger_random_year_with_many_sessions_at_the_same_hour()
    {
        // 120 sessions on only 12 distinct start times, so the report's parallel reading splits the year between
        // sessions that start together; 60 people in three districts (and none), random attendance of every status.
        var random = new Random(2026);
        using var app = new TrainingApp(time: Today());
        await app.WithDbAsync(async db =>
        {
            var city = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長" };
            var areas = Enumerable.Range(1, 3).Select(i => new Area { Code = $"R{i}", Name = $"地区{i}", NameKana = $"ちく{i}" }).ToList();
            var programs = Enumerable.Range(1, 3).Select(i => new ProgramBuilder().ForActivity($"講座{i}").WithPlannedSessions(1).By(city).Build()).ToList();
            var people = Enumerable.Range(0, 60).Select(i =>
            {
                int? birthYear = i % 7 == 0 ? null : 1935 + random.Next(50);
                var person = new PersonBuilder().Named("山田", $"{i}", "やまだ", "はなこ").BornIn(birthYear).OfSex((Sex)random.Next(4))
                    .InArea(i % 4 == 3 ? null : areas[i % 4]).Build();
                return person;
            }).ToList();
            var statuses = Enum.GetValues<AttendanceStatus>();
            for (var c = 0; c < 12; c++)
            {
                var course = new CourseBuilder().Of(programs[c % 3]).Titled($"第{c + 1}期").WithCapacity(60).AtVenue("公民館").InArea(c % 4 == 3 ? null : areas[c % 4]).WithoutSessions().Build();
                for (var n = 0; n < 10; n++)
                {
                    var start = At(2026, 4, 6).AddDays(n * 33).AddHours(c % 2); // the same few hours for every course
                    var session = course.PlanSession(start, start.AddHours(2));
                    if (n == 9 && c == 0) session.Cancel("中止");
                    foreach (var person in people.Where(_ => random.Next(3) == 0))
                        db.Attendance.Add(new AttendanceRecord { Session = session, Person = person, Status = statuses[random.Next(statuses.Length)], RecordedAt = start });
                }
                db.Courses.Add(course);
            }
            await db.SaveChangesAsync();
        });
        var hosakaLike = await app.WithDbAsync(db => Task.FromResult(db.Areas.Single(a => a.Code == "R1").Id));

        foreach (var limit in new[] { null, new[] { hosakaLike } })
        {
            var f = await ReportAsync(app, limit);

            var rows = await app.WithDbAsync(db => db.Attendance
                .Where(a => a.Session!.Status == SessionStatus.Scheduled && (a.Status == AttendanceStatus.Present || a.Status == AttendanceStatus.Late || a.Status == AttendanceStatus.LeftEarly))
                .Where(a => limit == null || (a.Session!.Course!.AreaId != null && limit.Contains(a.Session.Course.AreaId.Value)))
                .Select(a => new Attended(a.PersonId, a.SessionId, a.Session!.StartsAt, a.Session.Course!.Program!.Name, a.Person!.Area!.Name, a.Person.BirthYear, a.Session.Course.Area!.Name))
                .ToListAsync());
            Assert.NotEmpty(rows);
            Assert.Equal((rows.Count, rows.Select(r => r.PersonId).Distinct().Count()), (f.Attendances, f.People));
            // Sessions held, counted from the sessions themselves (a session where nobody came was still held).
            var heldAt = await app.WithDbAsync(db => db.Sessions
                .Where(s => s.Status == SessionStatus.Scheduled && (limit == null || (s.Course!.AreaId != null && limit.Contains(s.Course.AreaId.Value))))
                .Select(s => new { s.Id, s.StartsAt, Program = s.Course!.Program!.Name, Venue = s.Course.Area!.Name }).ToListAsync());
            int Held(Func<(string Program, string Venue, int Month), bool> where) =>
                heldAt.Count(s => where((s.Program, s.Venue ?? "市全域", s.StartsAt.AddHours(9).Month)));
            Assert.Equal(Recount(rows.GroupBy(r => r.Program), r => r.Key, held: key => Held(s => s.Program == key)),
                f.ByProgram.Where(l => l.Attendances > 0).Select(l => (l.Label, l.Sessions, l.People, l.Attendances)).OrderBy(l => l.Label, StringComparer.Ordinal));
            Assert.Equal(Recount(rows.GroupBy(r => r.Venue ?? "市全域"), r => r.Key, held: key => Held(s => s.Venue == key)),
                f.ByVenueArea.Where(l => l.Attendances > 0).Select(l => (l.Label, l.Sessions, l.People, l.Attendances)).OrderBy(l => l.Label, StringComparer.Ordinal));
            Assert.Equal(Recount(rows.GroupBy(r => r.Area ?? "地区の登録なし"), r => r.Key), f.ByArea.Where(l => l.Attendances > 0).Select(l => (l.Label, l.Sessions, l.People, l.Attendances)).OrderBy(l => l.Label, StringComparer.Ordinal));
            Assert.Equal(Recount(rows.GroupBy(r => r.StartsAt.AddHours(9).Month + "月"), r => r.Key, held: key => Held(s => s.Month + "月" == key)),
                f.ByMonth.Where(l => l.Attendances > 0).Select(l => (l.Label, l.Sessions, l.People, l.Attendances)).OrderBy(l => l.Label, StringComparer.Ordinal));
            Assert.Equal(f.SessionsHeld, f.ByVenueArea.Sum(l => l.Sessions));
            var bandOfFirst = rows.GroupBy(r => r.PersonId).ToDictionary(g => g.Key, g => Band(g.OrderBy(r => r.StartsAt).First()));
            Assert.Equal(Recount(rows.GroupBy(r => Band(r)), r => r.Key, person => bandOfFirst[person]),
                f.ByAgeBand.Where(l => l.Attendances > 0 || l.People > 0).Select(l => (l.Label, l.Sessions, l.People, l.Attendances)).OrderBy(l => l.Label, StringComparer.Ordinal));
            Assert.Equal(f.People, f.ByAgeBand.Sum(l => l.People));
            Assert.Equal(f.People, f.BySex.Sum(l => l.People));
            Assert.Equal(f.Attendances, f.BySex.Sum(l => l.Attendances));
        }

        static string Band(Attended row)
        {
            if (row.BirthYear is not { } birthYear) return "不明";
            var age = row.StartsAt.AddHours(9).Year - birthYear;
            return FiscalYearReport.AgeBands.First(b => (b.From is null || age >= b.From) && (b.To is null || age <= b.To)).Label;
        }
    }

    private sealed record Attended(int PersonId, int SessionId, DateTime StartsAt, string Program, string? Area, int? BirthYear, string? Venue);

    /// <summary>
    /// Sessions held (for groups where sessions are held; none for a kind of participant), different people and
    /// attendances per group, worked out the plain way.
    /// </summary>
    private static IEnumerable<(string Label, int? Sessions, int People, int Attendances)> Recount(
        IEnumerable<IGrouping<string, Attended>> groups, Func<IGrouping<string, Attended>, string> label, Func<int, string>? peopleCountedIn = null,
        Func<string, int>? held = null) =>
        groups.Select(g => (label(g), held is null ? (int?)null : held(g.Key),
                g.Select(r => r.PersonId).Distinct().Count(person => peopleCountedIn is null || peopleCountedIn(person) == g.Key), g.Count()))
            .OrderBy(l => l.Item1, StringComparer.Ordinal);

    [Fact]
    public async Task The_CSV_opens_in_Excel_with_Japanese_intact_and_a_formula_in_a_name_neutralised()
    {
        using var app = new TrainingApp(time: Today());
        await SeedAsync(app, programName: "=HYPERLINK(\"http://evil.example\",\"click\")");
        var client = await StaffSignInClient.SignedInClientAsync(app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var bytes = await client.GetByteArrayAsync("/Staff/Reports?handler=Csv&year=2026");

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes.Take(3));
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("\"延べ参加者数\",\"6\"", text);
        Assert.Contains("\"月別\",\"5月\",\"3\",\"3\",\"4\"", text);
        Assert.Contains("\"'=HYPERLINK(", text);
        Assert.DoesNotContain(",\"=HYPERLINK", text);
    }

    [Fact]
    public async Task The_XLSX_holds_the_figures_as_numbers_and_text_that_cannot_run_as_a_formula()
    {
        using var app = new TrainingApp(time: Today());
        await SeedAsync(app, programName: "@SUM(1+1)*cmd");
        var client = await StaffSignInClient.SignedInClientAsync(app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await client.GetAsync("/Staff/Reports?handler=Xlsx&year=2026");

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).ToList();
        Assert.Equal(1 + FiscalYearFigures.BreakdownTitles.Count + 5, sheets.Count); // the totals, the breakdowns, the activities part
        var all = System.Net.WebUtility.HtmlDecode(string.Concat(sheets.Select(e => new StreamReader(e.Open()).ReadToEnd())));
        Assert.Contains("'@SUM(1+1)*cmd", all);
        Assert.DoesNotContain("<f>", all);
        Assert.Contains("<v>6</v>", all);
    }

    [Fact]
    public async Task The_printable_PDF_reads_back_with_the_totals_and_the_breakdowns()
    {
        await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await client.GetByteArrayAsync("/Staff/Reports?handler=Pdf&year=2026"));

        var text = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("事業の実績　令和8年度", text);
        Assert.Contains("延べ参加者数6人", text);
        Assert.Contains("実人数3人", text);
        Assert.Contains("穂坂地区", text);
        Assert.Contains("75〜84歳", text);
    }

    [Fact]
    public async Task The_report_page_shows_the_charts_with_the_numbers_beside_them()
    {
        await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var page = await client.GetStringAsync("/Staff/Reports?year=2026");

        Assert.Contains("令和8年度", page);
        Assert.Contains("data-testid=\"people\">3<", page);
        Assert.Contains("data-testid=\"attendances\">6<", page);
        Assert.Contains("chart__bar bar-w100", page);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Staff/Reports?year=1900")).StatusCode);
    }
}
