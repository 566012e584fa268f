using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Courses;

[Collection(BrowserCollection.Name)]
public sealed class ExtraSessionBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_coordinator_on_a_tablet_adds_one_session_between_two_after_a_refused_overlap()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(_app.StartKestrel(), Browser.Tablet);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        // Three sessions four weeks apart, the first in ten days, 10:00–12:00 Tokyo.
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(TestClock.UtcNow, tokyo)).AddDays(10);
        var firstUtc = TimeZoneInfo.ConvertTimeToUtc(firstDay.ToDateTime(new TimeOnly(10, 0)), tokyo);
        var course = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(3, firstUtc).SaveAsync(db);
            var person = new PersonBuilder().Named("望月", "きみ子", "もちづき", "きみこ").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person.Id).RegisteredAt(TestClock.UtcNow).Build());
            await db.SaveChangesAsync();
            return course;
        });
        var extraDay = firstDay.AddDays(14);

        await Browser.ScenarioAsync(page, "extra-session-tablet", async () =>
        {
            await Browser.SignInAsAdminAsync(page);
            await page.GotoAsync($"/Staff/Courses/{course.Id}");
            await page.GetByRole(AriaRole.Link, new() { Name = "日程を追加・変更する" }).ClickAsync();
            var form = page.GetByTestId("add-one");

            // On the first session's day, overlapping it: refused, saying which session, keeping what was typed.
            await form.GetByLabel("日付").FillAsync(firstDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await form.GetByLabel("開始").FillAsync("11:00");
            await form.GetByLabel("終了").FillAsync("13:00");
            await form.GetByRole(AriaRole.Button, new() { Name = "この日に1回加える" }).ClickAsync();
            await Assertions.Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync("第1回");
            await Assertions.Expect(form.GetByRole(AriaRole.Alert)).ToContainTextAsync("と時間が重なります");
            await Assertions.Expect(form.GetByLabel("開始")).ToHaveValueAsync("11:00");
            await Browser.ScreenshotAsync(page, "extra-session-overlap-tablet");

            // Two weeks after the first: it becomes 第2回 and the later ones move down.
            await form.GetByLabel("日付").FillAsync(extraDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await form.GetByLabel("開始").FillAsync("13:30");
            await form.GetByLabel("終了").FillAsync("15:00");
            await form.GetByLabel("内容・テーマ（任意）").FillAsync("補講：認知症の方との接し方");
            await form.GetByRole(AriaRole.Button, new() { Name = "この日に1回加える" }).ClickAsync();

            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("を第2回として加えました。");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("これまでの第2回は第3回です");
            var dates = page.Locator("ol.session-dates").First.Locator("li");
            await Assertions.Expect(dates).ToHaveCountAsync(4);
            await Assertions.Expect(dates.Nth(1)).ToContainTextAsync("第2回");
            await Assertions.Expect(dates.Nth(1)).ToContainTextAsync("13:30");
            await Browser.ScreenshotAsync(page, "extra-session-added-tablet");
            Assert.False(await PhoneChecks.ScrollsSidewaysAsync(page));
        });
        var sessions = await _app.WithDbAsync(db => db.Sessions.AsNoTracking().OrderBy(s => s.StartsAt).ToListAsync());
        Assert.Equal([1, 2, 3, 4], sessions.Select(s => s.SequenceNumber));
        Assert.Equal("補講：認知症の方との接し方", sessions[1].Topic);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "session-add")));
    }
}
