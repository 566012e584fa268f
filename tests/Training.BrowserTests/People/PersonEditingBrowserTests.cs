using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.People;

[Collection(BrowserCollection.Name)]
public sealed class PersonEditingBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_coordinator_on_a_tablet_corrects_a_misspelt_name_and_a_new_phone()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(_app.StartKestrel(), Browser.Tablet);
        var id = await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named("高橋", "茂", "たかはし", "しげる").WithPhone("0551-23-1234").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });

        await Browser.ScenarioAsync(page, "person-edit-tablet", async () =>
        {
            await Browser.SignInAsAdminAsync(page);
            await page.GotoAsync($"/Staff/People/{id}");
            await page.GetByRole(AriaRole.Link, new() { Name = "記録を訂正する" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("記録を訂正する");
            await page.GetByLabel("姓（名字）").FillAsync("髙橋");
            await page.GetByLabel("電話番号").FillAsync("090-1111-2222");
            await page.GetByLabel("女性").CheckAsync();
            await Browser.ScreenshotAsync(page, "person-edit-tablet-ja");
            await page.GetByRole(AriaRole.Button, new() { Name = "訂正を保存する" }).ClickAsync();

            await Browser.ExpectPathAsync(page, $"/Staff/People/{id}");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("訂正を保存しました（姓、電話番号、性別）");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("髙橋 茂");
            await Browser.ScreenshotAsync(page, "person-edited-tablet-ja");
        });
        var stored = await _app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(("髙橋", "090-1111-2222", Training.People.Sex.Female), (stored.FamilyName, stored.Phone, stored.Sex));
    }
}
