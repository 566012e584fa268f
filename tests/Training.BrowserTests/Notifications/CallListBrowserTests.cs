using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Notifications;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Notifications;

[Collection(BrowserCollection.Name)]
public sealed class CallListBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_coordinator_on_a_tablet_works_through_the_call_list_and_ticks_a_call_off_with_a_note()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var today = await _app.WithDbAsync(async db =>
        {
            var clock = DateOnly.FromDateTime(TestClock.UtcNow.AddHours(9));
            var urgent = new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithPhone("090-1234-5678").Build();
            var plain = new PersonBuilder().Named("渡邊", "進", "わたなべ", "すすむ").WithPhone("0551-22-3333").Build();
            db.People.AddRange(urgent, plain);
            db.CallList.AddRange(
                new CallListEntry { IdempotencyKey = "a", Person = urgent, Kind = "session-cancelled", Urgent = true, DueOn = clock, CreatedAt = TestClock.UtcNow,
                    Message = "【至急】12月9日（水） 10:00〜12:00　生活支援サポーター養成講座 第3回（韮崎市民交流センター） は中止になりました（台風のため）" },
                new CallListEntry { IdempotencyKey = "b", Person = plain, Kind = "session-reminder", DueOn = clock, CreatedAt = TestClock.UtcNow,
                    Message = "12月9日（水） 10:00〜12:00　スマホ教室 第1回（穂坂公民館） のご案内（前日）" });
            await db.SaveChangesAsync();
            return clock;
        });
        var page = await browser.NewPageAsync(baseUrl, Browser.Tablet);

        await Browser.ScenarioAsync(page, "call-list", async () =>
        {
            await Browser.SignInAsAdminAsync(page);

            await page.GetByRole(AriaRole.Link, new() { Name = "電話連絡", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("calls-open")).ToHaveTextAsync("まだの電話：2件");
            await Browser.ScreenshotAsync(page, "call-list-tablet");
            await page.Locator(".call").Nth(1).GetByLabel("メモ").FillAsync("留守電に入れた");
            await page.Locator(".call").Nth(1).GetByRole(AriaRole.Button, new() { Name = "済" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("calls-open")).ToHaveTextAsync("まだの電話：1件");
            // The note shows on the closed call and in its history of attempts.
            await Assertions.Expect(page.Locator(".call__done").GetByText("留守電に入れた")).ToBeVisibleAsync();
        });
        Assert.NotNull(await _app.WithDbAsync(db => db.CallList.Where(c => c.IdempotencyKey == "b").Select(c => c.DoneAt).SingleAsync()));
    }
}
