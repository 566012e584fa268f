using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
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
/// 開催回数 means sessions held, 延べ参加者数 attendances, on the page, in the PDF and in the files. The fixture: one
/// session of a 龍岡 course held on 10 May 2026, attended by six people — four living in 龍岡, two in 穂坂. (Counting
/// "sessions" per participants' district once said 穂坂 had a session, and a district whose residents went to six
/// sessions elsewhere read as six held.)
/// </summary>
/// <remarks>
/// The report counts the whole database, and every test reads the same fixture and only reads: one app for the class,
/// seeded once by the first test that asks.
/// </remarks>
public sealed partial class SessionsHeldAndAttendancesTests(SessionsHeldAndAttendancesTests.Seeded shared) : IClassFixture<SessionsHeldAndAttendancesTests.Seeded>
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);

    /// <summary>One app holding the fixture, seeded by the first test that asks for it.</summary>
    public sealed class Seeded() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2027, 3, 20, 12, 0, 0, Tokyo)))
    {
        private Task? _seeded;

        public Task SeedOnceAsync() => _seeded ??= SeedAsync(App);
    }

    private readonly TrainingApp _app = shared.App;

    private Task SeedAsync() => shared.SeedOnceAsync();

    private static async Task SeedAsync(TrainingApp app)
    {
        await app.WithDbAsync(async db =>
        {
            var tatsuoka = new Area { Code = "T", Name = "龍岡地区", NameKana = "たつおかちく" };
            var hosaka = new Area { Code = "H", Name = "穂坂地区", NameKana = "ほさかちく" };
            var city = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長" };
            var program = new ProgramBuilder().ForActivity("いきいき体操").WithPlannedSessions(1).By(city).Build();
            var course = new CourseBuilder().Of(program).Titled("5月").AtVenue("龍岡公民館").InArea(tatsuoka).WithoutSessions().Build();
            var start = new DateTimeOffset(2026, 5, 10, 10, 0, 0, Tokyo).UtcDateTime;
            var session = course.PlanSession(start, start.AddHours(2));
            db.Courses.Add(course);
            var people = new[] { ("和子", tatsuoka, Sex.Female), ("トメ", tatsuoka, Sex.Female), ("進", tatsuoka, Sex.Male), ("博", tatsuoka, Sex.Male), ("春江", hosaka, Sex.Female), ("勝", hosaka, Sex.Male) };
            foreach (var (name, area, sex) in people)
            {
                var person = new PersonBuilder().Named("山田", name, "やまだ", "はなこ").InArea(area).OfSex(sex).BornIn(1948).Build();
                db.Registrations.Add(new RegistrationBuilder().For(course).Of(person).RegisteredAt(start.AddDays(-20)).Build());
                db.Attendance.Add(new AttendanceRecord { Session = session, Person = person, Status = AttendanceStatus.Present, RecordedAt = start });
            }
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task One_session_attended_by_six_people_is_one_session_held_and_six_attendances_and_no_district_of_residence_holds_sessions()
    {
        await SeedAsync();
        await using var scope = _app.Scope();

        var f = await scope.ServiceProvider.GetRequiredService<FiscalYearReport>().ComputeAsync(2026);

        Assert.Equal((1, 6, 6), (f.SessionsHeld, f.People, f.Attendances));
        Assert.Equal(new ReportLine("2026-05", "5月", 1, 6, 6), f.ByMonth.Single(m => m.Key == "2026-05"));
        Assert.Equal((1, 6, 6), (f.ByProgram.Single().Sessions, f.ByProgram.Single().People, f.ByProgram.Single().Attendances));
        Assert.Equal([("龍岡地区", 1, 6, 6), ("穂坂地区", 0, 0, 0)], f.ByVenueArea.Select(l => (l.Label, l.Sessions!.Value, l.People, l.Attendances)));
        Assert.Equal([("龍岡地区", (int?)null, 4, 4), ("穂坂地区", null, 2, 2)], f.ByArea.Select(l => (l.Label, l.Sessions, l.People, l.Attendances)));
        Assert.All(f.ByAgeBand.Concat(f.BySex), line => Assert.Null(line.Sessions));
        Assert.Equal(6, f.BySex.Sum(l => l.Attendances));
    }

    [Fact]
    public async Task The_page_says_sessions_held_where_sessions_are_held_and_a_dash_for_kinds_of_participant()
    {
        await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var page = await client.GetStringAsync("/Staff/Reports?year=2026");

        Assert.Contains("data-testid=\"sessions-held\">1<", page);
        Assert.Contains("data-testid=\"attendances\">6<", page);
        Assert.Equal(["項目", "開催回数", "実人数", "延べ参加者数"], Headings(page).First());
        Assert.Equal(["龍岡地区", "1", "6", "6"], Row(Section(page, "地区別（講座を開いた地区）"), "龍岡地区"));
        Assert.Equal(["龍岡地区", "—", "4", "4"], Row(Section(page, "地区別（参加者の住む地区）"), "龍岡地区"));
        Assert.Equal(["穂坂地区", "—", "2", "2"], Row(Section(page, "地区別（参加者の住む地区）"), "穂坂地区"));
        Assert.Equal(["女性", "—", "3", "3"], Row(Section(page, "性別ごと"), "女性"));
        Assert.DoesNotContain("延人数", page);
    }

    [Fact]
    public async Task The_English_page_says_sessions_held_and_attendances()
    {
        await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await client.GetAsync("/Culture?culture=en&returnUrl=%2F");

        var page = await client.GetStringAsync("/Staff/Reports?year=2026");

        Assert.Equal(["Item", "Sessions held", "People", "Attendances"], Headings(page).First());
        Assert.Equal(["龍岡地区", "1", "6", "6"], Row(Section(page, "By district (where the course is held)"), "龍岡地区"));
        Assert.Equal(["Female", "—", "3", "3"], Row(Section(page, "By sex"), "Female"));
        var figures = page[page.IndexOf("<ul class=\"figures\"", StringComparison.Ordinal)..page.IndexOf("</p>", page.LastIndexOf("<p class=\"hint\">", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.DoesNotMatch(JapaneseOutsideData(), Regex.Replace(figures, "龍岡地区|穂坂地区|いきいき体操", ""));
    }

    private static readonly string[] ActivityTitles =
        [ActivityReportWords.StageByArea, ActivityReportWords.StageByAge, ActivityReportWords.RecordsByKind, ActivityReportWords.RecordsByArea, ActivityReportWords.IntroductionsByArea];

    [Fact]
    public async Task The_XLSX_has_the_printed_reports_columns_in_its_order_and_a_width_for_every_column()
    {
        await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var workbook = Xlsx.Read(await client.GetByteArrayAsync("/Staff/Reports?handler=Xlsx&year=2026"));

        Assert.Equal(["集計", .. FiscalYearFigures.BreakdownTitles.Concat(ActivityTitles).Select(t => t.Replace("（", "(").Replace("）", ")"))], workbook.Select(s => s.Name));
        foreach (var sheet in workbook.Skip(1).Take(FiscalYearFigures.BreakdownTitles.Count))
        {
            Assert.Equal(["項目", "開催回数", "実人数", "延べ参加者数"], sheet.Rows[0]);
            Assert.Equal([1, 2, 3, 4], sheet.Widths.Keys.Order());
            Assert.True(sheet.Widths[1] >= 12, $"{sheet.Name}: the names' column is {sheet.Widths[1]} wide");
            Assert.All(sheet.Widths.Values.Skip(1), width => Assert.True(width >= 10 && width <= 20));
        }
        var byName = workbook.ToDictionary(s => s.Name);
        Assert.Equal(["龍岡地区", "1", "6", "6"], byName["地区別(講座を開いた地区)"].Rows.Single(r => r[0] == "龍岡地区"));
        Assert.Equal(["龍岡地区", "", "4", "4"], byName["地区別(参加者の住む地区)"].Rows.Single(r => r[0] == "龍岡地区"));
        Assert.Contains(["延べ参加者数", "6"], byName["集計"].Rows);
        Assert.Contains(["開催回数", "1"], byName["集計"].Rows);
        Assert.True(byName["集計"].Widths[1] >= 2 * "予約席数（開催回×参加決定）".Length, "the totals' labels fit");
    }

    [Fact]
    public async Task The_CSV_has_the_same_columns_and_leaves_sessions_empty_for_kinds_of_participant()
    {
        await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var bytes = await client.GetByteArrayAsync("/Staff/Reports?handler=Csv&year=2026");

        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("\"区分\",\"項目\",\"開催回数\",\"実人数\",\"延べ参加者数\"", text);
        Assert.Contains("\"地区別（講座を開いた地区）\",\"龍岡地区\",\"1\",\"6\",\"6\"", text);
        Assert.Contains("\"地区別（参加者の住む地区）\",\"龍岡地区\",\"\",\"4\",\"4\"", text);
    }

    [Fact]
    public async Task The_PDF_has_one_session_held_in_Tatsuoka_and_none_for_where_people_live()
    {
        await SeedAsync();
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await client.GetByteArrayAsync("/Staff/Reports?handler=Pdf&year=2026"));

        var text = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value)).Replace(" ", "");
        Assert.Contains("開催回数1回", text);
        Assert.Contains("延べ参加者数6人", text);
        Assert.Contains("項目開催回数実人数延べ参加者数", text);
        Assert.Contains("地区別（講座を開いた地区）項目開催回数実人数延べ参加者数延べ参加者数（グラフ）龍岡地区166", text);
        Assert.Contains("地区別（参加者の住む地区）項目開催回数実人数延べ参加者数延べ参加者数（グラフ）龍岡地区—44", text);
    }

    /// <summary>The heading cells of each table on the page.</summary>
    private static IEnumerable<List<string>> Headings(string html) =>
        HeadRow().Matches(html).Select(m => Cells().Matches(m.Value).Select(c => Text(c.Groups[1].Value)).Where(t => t.Length > 0 && t is not ("グラフ" or "Chart")).ToList());

    /// <summary>The page from a chart's heading to the next.</summary>
    private static string Section(string html, string title)
    {
        var start = html.IndexOf($">{title}</h2>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chart titled {title}");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    private static List<string> Row(string html, string label) =>
        Rows().Matches(html).Select(m => Cells().Matches(m.Value).Select(c => Text(c.Groups[1].Value)).Where(t => t.Length > 0).ToList())
            .Single(cells => cells.Count > 0 && cells[0] == label);

    private static string Text(string html) => System.Net.WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", "")).Trim();

    [GeneratedRegex("<thead>.*?</thead>", RegexOptions.Singleline)]
    private static partial Regex HeadRow();

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Rows();

    [GeneratedRegex("<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex Cells();

    /// <summary>Japanese words (kana or kanji) where the page itself should speak English.</summary>
    [GeneratedRegex(@"[\u3040-\u30ff\u4e00-\u9fff]+(?![^<]*>)")]
    private static partial Regex JapaneseOutsideData();
}

/// <summary>Reads back an XLSX as written: each sheet's name, its rows of text and its column widths.</summary>
internal static class Xlsx
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";

    public sealed record Sheet(string Name, List<List<string>> Rows, Dictionary<int, double> Widths);

    public static List<Sheet> Read(byte[] file)
    {
        using var zip = new ZipArchive(new MemoryStream(file));
        XDocument Part(string path) => XDocument.Load(zip.GetEntry(path)!.Open());
        var targets = Part("xl/_rels/workbook.xml.rels").Root!.Elements(PackageRelationships + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => ((string)r.Attribute("Target")!).TrimStart('/').Replace("xl/", ""));
        var shared = zip.GetEntry("xl/sharedStrings.xml") is { } strings
            ? XDocument.Load(strings.Open()).Root!.Elements(Main + "si").Select(si => string.Concat(si.Descendants(Main + "t").Select(t => t.Value))).ToList()
            : [];
        return Part("xl/workbook.xml").Root!.Element(Main + "sheets")!.Elements(Main + "sheet").Select(sheet =>
        {
            var part = Part("xl/" + targets[(string)sheet.Attribute(Relationships + "id")!]).Root!;
            var widths = part.Element(Main + "cols")?.Elements(Main + "col")
                .SelectMany(c => Enumerable.Range((int)c.Attribute("min")!, (int)c.Attribute("max")! - (int)c.Attribute("min")! + 1).Select(i => (i, Width: (double)c.Attribute("width")!)))
                .ToDictionary(c => c.i, c => c.Width) ?? [];
            var rows = part.Descendants(Main + "row").Select(row =>
            {
                var cells = new List<string>();
                foreach (var cell in row.Elements(Main + "c"))
                {
                    if ((string?)cell.Attribute("r") is { } reference)
                        while (cells.Count < Column(reference)) cells.Add("");
                    cells.Add((string?)cell.Attribute("t") switch
                    {
                        "s" => shared[(int)cell.Element(Main + "v")!],
                        "inlineStr" => string.Concat(cell.Descendants(Main + "t").Select(t => t.Value)),
                        _ => cell.Element(Main + "v")?.Value ?? "",
                    });
                }
                return cells;
            }).ToList();
            return new Sheet((string)sheet.Attribute("name")!, rows, widths);
        }).ToList();
    }

    /// <summary>The zero-based column of a cell reference (A1 → 0).</summary>
    private static int Column(string reference) => reference.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => n * 26 + (c - 'A' + 1)) - 1;
}
