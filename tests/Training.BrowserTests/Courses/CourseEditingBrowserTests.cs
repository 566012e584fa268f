using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Courses;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Courses;

[Collection(BrowserCollection.Name)]
public sealed class CourseEditingBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_coordinator_on_a_tablet_adds_seats_and_then_cancels_the_run_each_time_after_seeing_who_is_told()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(_app.StartKestrel(), Browser.Tablet);
        var course = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithCapacity(1).WithSessions(2, TestClock.UtcNow.AddDays(10)).SaveAsync(db);
            var seated = new PersonBuilder().Named("青木", "一郎", "あおき", "いちろう").WithEmail("aoki@example.jp").Build();
            var waiting = new PersonBuilder().Named("上田", "三郎", "うえだ", "さぶろう").Build();
            db.People.AddRange(seated, waiting);
            await db.SaveChangesAsync();
            db.Registrations.AddRange(new RegistrationBuilder().For(course.Id).Of(seated.Id).Build(),
                new RegistrationBuilder().For(course.Id).Of(waiting.Id).Waiting(1).Build());
            await db.SaveChangesAsync();
            return course;
        });

        await Browser.ScenarioAsync(page, "course-edit-tablet", async () =>
        {
            await Browser.SignInAsAdminAsync(page);
            await page.GotoAsync($"/Staff/Courses/{course.Id}");
            await page.GetByRole(AriaRole.Link, new() { Name = "内容を変える" }).ClickAsync();
            await page.GetByLabel("定員").FillAsync("2");
            await page.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();

            var confirm = page.GetByTestId("confirm");
            await Assertions.Expect(confirm).ToContainTextAsync("キャンセル待ちの1人の参加が決まります");
            await Assertions.Expect(confirm).ToContainTextAsync(new Regex("メールでお知らせ：0人\\s+電話連絡リストに載せる：1人"));
            await Browser.ScreenshotAsync(page, "course-edit-confirm-tablet-ja");
            await page.GetByRole(AriaRole.Button, new() { Name = "お知らせして保存する" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("保存しました。キャンセル待ちの1人の参加が決まり、お知らせしました。");

            await page.GetByRole(AriaRole.Link, new() { Name = "講座を中止する" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("audience")).ToHaveTextAsync(new Regex("メールでお知らせ：1人\\s+電話連絡リスト（至急）に載せる：1人"));
            await page.GetByLabel("中止の理由（お知らせに載ります）").FillAsync("会場の工事のため");
            await Browser.ScreenshotAsync(page, "course-cancel-confirm-tablet-ja");
            await page.GetByRole(AriaRole.Button, new() { Name = "中止してお知らせする" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("course-cancelled")).ToContainTextAsync("会場の工事のため");
            await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "講座を中止しました" })).ToHaveCountAsync(1);
        });
        Assert.Equal(CourseStatus.Cancelled, await _app.WithDbAsync(db => db.Courses.Where(c => c.Id == course.Id).Select(c => c.Status).SingleAsync()));
    }
}
