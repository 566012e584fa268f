using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Registrations;

[Collection(BrowserCollection.Name)]
public sealed class PickExistingPersonBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_coordinator_on_a_tablet_books_a_resident_on_record_by_picking_them_without_retyping()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(_app.StartKestrel(), Browser.Tablet);
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(5, TestClock.UtcNow.AddDays(10)).SaveAsync(db));
        var person = await _app.WithDbAsync(async db =>
        {
            var kimiko = new PersonBuilder().Named("望月", "きみ子", "もちづき", "きみこ").WithPhone("0551-22-9876").Build();
            var masao = new PersonBuilder().Named("望月", "正男", "もちづき", "まさお").WithPhone("0551-22-1111").Build();
            db.People.AddRange(kimiko, masao);
            await db.SaveChangesAsync();
            return kimiko;
        });

        await Browser.ScenarioAsync(page, "pick-existing-tablet", async () =>
        {
            await Browser.SignInAsAdminAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "講座の管理" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "生活支援サポーター養成講座" }).ClickAsync();
            // The caller gives her phone number: only she is found.
            await page.GetByLabel("登録済みの方を探す").FillAsync("22-9876");
            await page.GetByRole(AriaRole.Button, new() { Name = "探す" }).ClickAsync();

            var results = page.GetByTestId("pick-results");
            await Assertions.Expect(results.Locator("li")).ToHaveCountAsync(1);
            await Assertions.Expect(results).ToContainTextAsync("望月 きみ子");
            await Assertions.Expect(page.GetByLabel("電話", new() { Exact = true }).First).ToBeCheckedAsync();
            await Browser.ScreenshotAsync(page, "pick-existing-results-tablet");
            await results.GetByRole(AriaRole.Button, new() { Name = "この方で申し込む" }).ClickAsync();

            // The same slip as a typed booking: the number to read out twice, the seat, the dates.
            var registration = await _app.WithDbAsync(db => db.Registrations.SingleAsync(r => r.CourseId == course.Id));
            await Assertions.Expect(page.GetByText("望月 きみ子さんの申し込みを受け付けました（参加決定）。")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("slip-number")).ToHaveTextAsync(registration.BookingNumber);
            await Assertions.Expect(page.GetByTestId("slip-sessions").Locator("li")).ToHaveCountAsync(5);
            await Browser.ScreenshotAsync(page, "pick-existing-slip-tablet");
            Assert.False(await PhoneChecks.ScrollsSidewaysAsync(page));

            // Back on the course, she is listed, her name opening her page.
            await page.GetByRole(AriaRole.Link, new() { Name = "生活支援サポーター養成講座" }).ClickAsync();
            await page.GetByTestId("registrants").GetByRole(AriaRole.Link, new() { Name = "望月 きみ子" }).ClickAsync();
            await Browser.ExpectPathAsync(page, $"/Staff/People/{person.Id}");
        });
        var booked = await _app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync());
        Assert.Equal(person.Id, booked.PersonId);
        Assert.Equal(ContactChannel.Phone, booked.Channel);
        Assert.Equal(RegistrationStatus.Confirmed, booked.Status);
        Assert.Equal(2, await _app.WithDbAsync(db => db.People.CountAsync()));
    }
}
