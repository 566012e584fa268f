using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.Demo;
using Training.Tests.Infrastructure;

namespace Training.Tests.Demo;

public sealed class DemoDataTests(DemoDataTests.SeededApp shared) : IClassFixture<DemoDataTests.SeededApp>
{
    /// <summary>
    /// One app for the class, on a frozen clock no test moves, its empty database seeded with the demo once before the
    /// first test; the tests only read it.
    /// </summary>
    public sealed class SeededApp() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero))), IAsyncLifetime
    {
        /// <summary>What the first seeding, on the empty database, answered.</summary>
        public bool FirstSeed { get; private set; }

        public async Task InitializeAsync() => FirstSeed = await SeedAsync(App);

        public Task DisposeAsync() => Task.CompletedTask;
    }

    private readonly TrainingApp _app = shared.App;

    [Fact]
    public async Task The_demo_fills_an_empty_database_once_with_a_believable_program()
    {
        var first = shared.FirstSeed;
        var second = await SeedAsync(_app);

        Assert.True(first);
        Assert.False(second);
        await _app.WithDbAsync(async db =>
        {
            var supporterCourse = await db.Courses.Include(c => c.Sessions).SingleAsync(c => c.Program!.Name == "生活支援サポーター養成講座" && c.Title == "令和8年度 第1期");
            Assert.Equal(5, supporterCourse.Sessions.Count);
            Assert.True(await db.Programs.AnyAsync(p => p.Name == "スマホを楽しむ会" && p.Kind == ProgramKind.Activity));
            var names = await db.People.Select(p => p.FamilyName).ToListAsync();
            Assert.Contains("山﨑", names);
            Assert.Contains("髙橋", names);
            Assert.Contains("𠮷田", names);
            Assert.True(await db.People.CountAsync(p => p.Email == null) >= 5);
            Assert.True(await db.Attendance.AnyAsync());
            Assert.True(await db.Areas.CountAsync() >= 5);
        });
    }

    [Fact]
    public async Task The_demo_has_a_finished_run_whose_certificates_were_issued_by_the_product_and_one_revoked()
    {
        await _app.WithDbAsync(async db =>
        {
            var now = _app.Time!.GetUtcNow().UtcDateTime;
            var run = await db.Courses.Include(c => c.Sessions).SingleAsync(c => c.Title == "令和8年度 平日集中コース");
            Assert.Equal(5, run.Sessions.Count);
            // The real clock's past: every session over, the last one before the certificate hold's morning.
            Assert.All(run.Sessions, session => Assert.True(session.EndsAt < now.AddDays(-2)));
            Assert.Equal(new DateOnly(2026, 11, 20), DateOnly.FromDateTime(run.Sessions.Max(s => s.StartsAt).AddHours(9))); // 11/23 is a holiday
            var registrations = await db.Registrations.CountAsync(r => r.CourseId == run.Id);
            var completions = await db.Completions.Where(c => c.CourseId == run.Id && c.Status == Training.Attendance.CompletionStatus.Completed).ToListAsync();
            Assert.Equal(registrations - 1, completions.Count); // one missed two of five sessions
            var certificates = await db.Certificates.Where(c => c.Completion!.CourseId == run.Id).ToListAsync();
            Assert.Equal(completions.Select(c => c.Id).Order(), certificates.Select(c => c.CompletionId).Order());
            Assert.All(certificates, c => Assert.StartsWith("令和8年度 第", c.SerialLabel));
            var revoked = Assert.Single(certificates, c => c.RevokedAt is not null);
            Assert.False(string.IsNullOrWhiteSpace(revoked.RevokedReason));
            Assert.True(await db.Qualifications.CountAsync() >= completions.Count - 1);
            var verified = await _app.CreateClient().GetStringAsync($"/verify/{certificates.First(c => c.RevokedAt is null).VerificationCode}");
            Assert.Contains("この修了証は有効です。", verified);
            Assert.Contains("この修了証は取り消されています。", await _app.CreateClient().GetStringAsync($"/verify/{revoked.VerificationCode}"));
        });
    }

    [Fact]
    public async Task The_home_page_shows_the_demos_upcoming_sessions()
    {
        var html = await _app.CreateClient().GetStringAsync("/");

        Assert.Contains("スマホを楽しむ会", html);
        Assert.Contains("生活支援サポーター養成講座", html);
    }

    [Fact]
    public async Task A_districts_schedule_and_its_pdf_include_the_citywide_course_and_no_form_offers_citywide_as_a_district()
    {
        var (hosaka, month) = await _app.WithDbAsync(async db => (
            await db.Areas.Where(a => a.Name == "穂坂地区").Select(a => a.Id).SingleAsync(),
            await db.Sessions.Where(s => s.Course!.Program!.Name == "生活支援サポーター養成講座").OrderBy(s => s.StartsAt).Select(s => s.StartsAt).FirstAsync()));
        var monthParam = $"{month.AddHours(9):yyyy-MM}";
        var client = _app.CreateClient();

        var page = await client.GetStringAsync($"/Schedule?month={monthParam}&area={hosaka}");
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await client.GetByteArrayAsync($"/Schedule/Pdf?month={monthParam}&area={hosaka}"));
        var pdfText = string.Concat(pdf.GetPages().SelectMany(p => p.Letters).Select(l => l.Value));

        Assert.Contains("生活支援サポーター養成講座", page);
        Assert.Contains("生活支援サポーター養成講座", pdfText);
        Assert.False(await _app.WithDbAsync(db => db.Areas.AnyAsync(a => a.Tier == Training.Organisations.AreaTier.CityWide)));
        var areaFilter = page[page.IndexOf("name=\"area\"", StringComparison.Ordinal)..];
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(areaFilter[..areaFilter.IndexOf("</select>", StringComparison.Ordinal)], "市全域|すべての地区"));
    }

    private static async Task<bool> SeedAsync(TrainingApp app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<DemoData>().SeedIfEmptyAsync();
    }
}
