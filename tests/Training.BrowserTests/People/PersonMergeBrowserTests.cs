using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.People;

[Collection(BrowserCollection.Name)]
public sealed class PersonMergeBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_coordinator_on_a_tablet_follows_the_duplicates_notice_compares_both_records_and_merges_only_after_confirming()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var (kept, other) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().SaveAsync(db);
            var k = new PersonBuilder().Named("髙橋", "茂", "たかはし", "しげる").WithPhone("0551-23-1234").Build();
            db.People.Add(k);
            await db.SaveChangesAsync();
            var o = new PersonBuilder().Named("髙橋", "茂", "タカハシ", "シゲル").WithPhone(null).WithEmail("shigeru@example.jp").Build();
            db.People.Add(o);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(o.Id).Build());
            await db.SaveChangesAsync();
            return (k.Id, o.Id);
        });
        var page = await browser.NewPageAsync(baseUrl, Browser.Tablet);

        await Browser.ScenarioAsync(page, "merge-tablet", async () =>
        {
            await Browser.SignInAsAdminAsync(page);
            await page.GotoAsync("/Staff/People");
            var notice = page.GetByTestId("duplicate-pairs");
            await Assertions.Expect(notice).ToContainTextAsync("同じ名前とふりがなの登録が 1組 あります");
            await Assertions.Expect(notice).ToContainTextAsync("タカハシ シゲル");
            await notice.GetByRole(AriaRole.Link, new() { Name = "比べて統合する" }).ClickAsync();

            await Browser.ExpectPathAsync(page, $"/Staff/People/{kept}/Merge/{other}");
            await Assertions.Expect(page.GetByTestId("merge-survivor")).ToHaveTextAsync("「髙橋 茂」の記録を残します");
            await Assertions.Expect(page.GetByTestId("merge-keep")).ToContainTextAsync("残る記録");
            await Assertions.Expect(page.GetByTestId("merge-keep")).ToContainTextAsync("0551-23-1234");
            await Assertions.Expect(page.GetByTestId("merge-other")).ToContainTextAsync("なくなる記録");
            await Assertions.Expect(page.GetByTestId("merge-other")).ToContainTextAsync("shigeru@example.jp");
            await Assertions.Expect(page.GetByTestId("merge-other").GetByTestId("bookings")).ToHaveTextAsync("1");
            // Side by side on a tablet: the two cards share a row.
            var keepBox = (await page.GetByTestId("merge-keep").BoundingBoxAsync())!;
            var otherBox = (await page.GetByTestId("merge-other").BoundingBoxAsync())!;
            Assert.Equal(keepBox.Y, otherBox.Y, 1);
            Assert.True(otherBox.X > keepBox.X + keepBox.Width - 1, "the records are side by side");
            await PhoneChecks.AssertFitsAsync(page);
            await Browser.ScreenshotAsync(page, "merge-confirm-tablet-ja");
        });
        // Looking compared; it merged nothing.
        Assert.Equal(2, await _app.WithDbAsync(db => db.People.CountAsync()));

        await Browser.ScenarioAsync(page, "merge-tablet-confirm", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "同じ方なので「髙橋 茂」の記録に統合する" }).ClickAsync();
            await Browser.ExpectPathAsync(page, $"/Staff/People/{kept}");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("髙橋 茂（タカハシ シゲル）の記録をこの方に統合しました。");
            await page.GotoAsync("/Staff/People");
            await Assertions.Expect(page.GetByTestId("duplicate-pairs")).ToHaveCountAsync(0);
        });
        await _app.WithDbAsync(async db =>
        {
            Assert.Equal([kept], await db.People.Select(p => p.Id).ToListAsync());
            Assert.Equal(kept, (await db.Registrations.SingleAsync()).PersonId);
        });
    }
}
