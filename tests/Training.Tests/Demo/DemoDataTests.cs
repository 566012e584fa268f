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

    private async Task<bool> SeedAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<DemoData>().SeedIfEmptyAsync();
    }
}
