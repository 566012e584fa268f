using System.Net.Http.Headers;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Notifications;

/// <summary>
/// Issue 30: a resident without email links their LINE on a phone, text at 200 %: their page shows the add-friend
/// button and, once asked, a six-digit code; LINE posts the code they sent (a signed webhook, as LINE's servers do);
/// opened again, the page says their LINE is linked. Everything fits the screen, in Japanese and in English.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LineLinkBrowserTests(Browser browser) : IAsyncLifetime
{
    private LoopbackLineApi _line = null!;
    private TrainingApp _app = null!;

    public async Task InitializeAsync()
    {
        _line = await LoopbackLineApi.StartAsync();
        _app = new TrainingApp(_line.Settings());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _line.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_resident_links_LINE_from_their_page_on_a_phone_with_the_code_it_shows()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var person = new PersonBuilder().Named("乙黒", "ハル", "おとぐろ", "はる").WithPhone("090-2222-3333").Build();
        await _app.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
        var phone = await browser.NewPageAsync(baseUrl, Browser.Phone);

        await Browser.ScenarioAsync(phone, "line-link-phone", async () =>
        {
            await phone.GotoAsync($"/My/{person.AccessToken}#line");
            await PhoneChecks.TextAt200Async(phone);
            var section = phone.GetByTestId("my-line");
            await Assertions.Expect(section.GetByRole(AriaRole.Link, new() { Name = "LINEで友だち追加する" })).ToHaveAttributeAsync("href", LoopbackLineApi.AddFriendUrl);
            await section.GetByRole(AriaRole.Button, new() { Name = "番号を出す" }).ClickAsync();
            await PhoneChecks.TextAt200Async(phone);
            var code = (await phone.GetByTestId("line-code").InnerTextAsync()).Trim();
            Assert.Matches("^[0-9]{6}$", code);
            await phone.GetByTestId("line-code").ScrollIntoViewIfNeededAsync();
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "line-code-phone-200-ja");
            await SectionShotAsync(phone, "line-code-section-phone-200-ja");

            // The resident sends the code to the official account; LINE posts it to the webhook, signed.
            var body = LoopbackLineApi.WebhookBody("message", LoopbackLineApi.NewUserId(), code);
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Headers.Add("X-Line-Signature", LoopbackLineApi.Sign(body));
            (await http.PostAsync("/api/v1/line/webhook", content)).EnsureSuccessStatusCode();

            // Opened again (the address without the fragment: the same address with it would not load the page again).
            await phone.GotoAsync($"/My/{person.AccessToken}");
            await PhoneChecks.TextAt200Async(phone);
            await Assertions.Expect(phone.GetByTestId("line-state")).ToContainTextAsync("LINEと連携しています");
            await phone.GetByTestId("line-state").ScrollIntoViewIfNeededAsync();
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "line-linked-phone-200-ja");
            await SectionShotAsync(phone, "line-linked-section-phone-200-ja");

            await phone.GotoAsync($"/Culture?culture=en&returnUrl=/My/{person.AccessToken}");
            await PhoneChecks.TextAt200Async(phone);
            await Assertions.Expect(phone.GetByTestId("line-state")).ToContainTextAsync("Your LINE is linked");
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "line-linked-phone-200-en");
            await SectionShotAsync(phone, "line-linked-section-phone-200-en");
        });
    }

    /// <summary>The LINE section alone, at the phone's width, for a person to read as the resident would.</summary>
    private static Task SectionShotAsync(IPage page, string name) =>
        page.GetByTestId("my-line").ScreenshotAsync(new() { Path = Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots", name + ".png") });
}
