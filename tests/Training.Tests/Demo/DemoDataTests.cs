using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Courses;
using Training.Demo;
using Training.Tests.Infrastructure;

namespace Training.Tests.Demo;

public sealed class DemoDataTests : IDisposable
{
    private readonly TrainingApp _app = new(time: new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero)));

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_demo_fills_an_empty_database_once_with_a_believable_program()
    {
        var first = await SeedAsync();
        var second = await SeedAsync();

        Assert.True(first);
        Assert.False(second);
        await _app.WithDbAsync(async db =>
        {
            var supporterCourse = await db.Courses.Include(c => c.Sessions).SingleAsync(c => c.Program!.Name == "生活支援サポーター養成講座");
            Assert.Equal(5, supporterCourse.Sessions.Count);
            Assert.Equal("令和8年度 第1期", supporterCourse.Title);
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
    public async Task The_home_page_shows_the_demos_upcoming_sessions()
    {
        await SeedAsync();

        var html = await _app.CreateClient().GetStringAsync("/");

        Assert.Contains("スマホを楽しむ会", html);
        Assert.Contains("生活支援サポーター養成講座", html);
    }

    [Fact]
    public async Task A_districts_schedule_and_its_pdf_include_the_citywide_course_and_no_form_offers_citywide_as_a_district()
    {
        await SeedAsync();
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

    private async Task<bool> SeedAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<DemoData>().SeedIfEmptyAsync();
    }
}
