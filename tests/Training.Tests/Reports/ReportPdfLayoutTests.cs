using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Courses;
using Training.Organisations;
using Training.Registrations;
using Training.Tests.Infrastructure;
using UglyToad.PdfPig.Content;

namespace Training.Tests.Reports;

/// <summary>
/// The printed report with a year too long for one page: 50 programs held once each (one with a long name) in twelve
/// districts. Names wrap inside their cell and are never cut; a table is either whole on one page or continues on the
/// next with its title and heading row; nothing is drawn past the page's edges.
/// </summary>
public sealed class ReportPdfLayoutTests : IDisposable
{
    private const string LongName = "生活支援サポーター フォローアップ研修（傾聴とコミュニケーションの実践・地域の見守り活動の進め方）";
    private const string Headings = "項目開催回数実人数延べ参加者数";
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    private readonly TrainingApp _app = new(time: new FakeTimeProvider(new DateTimeOffset(2027, 3, 20, 12, 0, 0, Tokyo)));

    public void Dispose() => _app.Dispose();

    private async Task<IReadOnlyList<Page>> PrintedReportAsync()
    {
        await _app.WithDbAsync(async db =>
        {
            var city = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長" };
            var areas = Enumerable.Range(1, 12).Select(i => new Area { Code = $"A{i}", Name = $"第{i}地区", NameKana = $"ちく{i:00}" }).ToList();
            for (var i = 0; i < 50; i++)
            {
                var program = new ProgramBuilder().ForActivity(i == 0 ? LongName : $"講座・活動その{i}").WithPlannedSessions(1).By(city).Build();
                var course = new CourseBuilder().Of(program).Titled("令和8年度").AtVenue("公民館").InArea(areas[i % 12]).WithoutSessions().Build();
                var start = new DateTimeOffset(2026, 4, 10, 10, 0, 0, Tokyo).AddMonths(i % 12).UtcDateTime;
                var session = course.PlanSession(start, start.AddHours(2));
                var person = new PersonBuilder().Named("山田", $"{i}", "やまだ", "はなこ").InArea(areas[(i + 1) % 12]).Build();
                db.Courses.Add(course);
                db.Registrations.Add(new RegistrationBuilder().For(course).Of(person).RegisteredAt(start.AddDays(-7)).Build());
                db.Attendance.Add(new AttendanceRecord { Session = session, Person = person, Status = AttendanceStatus.Present, RecordedAt = start });
            }
            await db.SaveChangesAsync();
        });
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var pdf = UglyToad.PdfPig.PdfDocument.Open(await client.GetByteArrayAsync("/Staff/Reports?handler=Pdf&year=2026"));
        return pdf.GetPages().ToList();
    }

    private static string Text(Page page) => string.Concat(page.Letters.Select(l => l.Value)).Replace(" ", "");

    [Fact]
    public async Task A_long_program_name_wraps_inside_its_cell_and_is_printed_whole()
    {
        var pages = await PrintedReportAsync();

        var page = pages.Single(p => Text(p).Contains(LongName.Replace(" ", ""), StringComparison.Ordinal));
        var text = Text(page);
        var letters = page.Letters.Where(l => l.Value != " ").ToList();
        var start = text.IndexOf(LongName.Replace(" ", ""), StringComparison.Ordinal);
        var name = letters.Skip(start).Take(LongName.Replace(" ", "").Length).ToList();
        Assert.True(name.Select(l => Math.Round(l.BoundingBox.Bottom)).Distinct().Count() >= 2, "the long name takes more than one line");
        // The names' column ends 40 + 185 points from the left edge, where the numbers begin.
        Assert.All(name, letter => Assert.True(letter.BoundingBox.Right <= 40 + 185, $"「{letter.Value}」 runs into the numbers at {letter.BoundingBox.Right:F1}"));
    }

    [Fact]
    public async Task Nothing_is_drawn_past_the_edges_of_any_page()
    {
        var pages = await PrintedReportAsync();

        Assert.True(pages.Count >= 3);
        foreach (var page in pages)
            Assert.All(page.Letters, letter =>
            {
                var box = letter.BoundingBox;
                Assert.True(box.Left >= 0 && box.Right <= page.Width && box.Bottom >= 0 && box.Top <= page.Height,
                    $"「{letter.Value}」 on page {page.Number} at {box} is outside {page.Width}×{page.Height}");
            });
    }

    [Fact]
    public async Task A_table_longer_than_a_page_continues_with_its_title_and_headings_and_a_shorter_one_is_never_split()
    {
        var pages = await PrintedReportAsync();
        var texts = pages.Select(Text).ToList();

        // The programs' table: begun on one page, every following page it runs onto starts with its title and headings.
        var continued = texts.Where(t => t.Contains("講座・活動別（続き）", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(continued);
        Assert.All(continued, t => Assert.Contains("講座・活動別（続き）" + Headings, t));
        Assert.Equal(49, texts.Sum(t => t.Split("講座・活動その").Length - 1));
        // Every other table: its title, headings and last line on one page.
        foreach (var (title, lastLine) in new[]
                 {
                     ("月別", "3月"), ("地区別（講座を開いた地区）", "第12地区"), ("地区別（参加者の住む地区）", "第12地区"), ("年代別（参加日の年齢）", "不明"),
                     ("性別ごと", "記録なし"),
                 })
        {
            var holding = texts.Where(t => t.Contains(title + Headings, StringComparison.Ordinal)).ToList();
            Assert.True(holding.Count == 1, $"{title} is on {holding.Count} pages");
            var table = holding[0][holding[0].IndexOf(title + Headings, StringComparison.Ordinal)..];
            Assert.Contains(lastLine, table);
        }
        // No title is left at the foot of a page on its own: wherever a title is, its headings follow.
        foreach (var title in Training.Reports.FiscalYearFigures.BreakdownTitles)
            foreach (var t in texts.Select(t => t.Replace(Training.Reports.ReportWords.Note.Replace(" ", ""), "")))
                for (var at = t.IndexOf(title, StringComparison.Ordinal); at >= 0; at = t.IndexOf(title, at + 1, StringComparison.Ordinal))
                    Assert.True(System.Text.RegularExpressions.Regex.IsMatch(t[at..], $"^{title}(（続き）)?{Headings}"), $"{title} without its headings: {t[at..Math.Min(t.Length, at + 60)]}");
    }
}
