using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Tests.Infrastructure;
using Training.Tests.Leaders;

namespace Training.BrowserTests.Registrations;

/// <summary>
/// Issue 28: a resident booking a led club on a phone with its text at 200 % is asked, unticked, whether the club's
/// leader may have their phone number, ticks it, and later withdraws it on their own page — everything fits the
/// screen with finger-sized controls; the coordinator sees the authenticator reset's confirmation on a tablet.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LeaderSharingBrowserTests(Browser browser) : IDisposable
{
    private static readonly ViewportSize WideTablet = new() { Width = 1024, Height = 1366 };
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    private static string Shot(string name) => Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots", name + ".png");

    private static Task ViewportShotAsync(IPage page, string name) => page.ScreenshotAsync(new() { Path = Shot(name) });

    [SkippableFact]
    public async Task A_resident_agrees_on_the_form_at_200_percent_and_withdraws_on_their_own_page_and_the_coordinator_sees_the_reset_confirmation()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var seed = await LeaderGroupsSeed.SaveAsync(_app);
        // A leader of the club, invited as a coordinator would (the set-password link is not needed here).
        await using (var scope = _app.Scope())
            Assert.IsType<Training.Leaders.LeaderChange.Done>(await scope.ServiceProvider.GetRequiredService<Training.Leaders.GroupLeaders>().InviteAsync(seed.ClubGroup,
                new Training.Leaders.LeaderInput { DisplayName = "小松 次郎", Email = "komatsu@example.jp" }, Training.Courses.ProgramReach.Everything,
                new Training.People.Actor(null, "test"), sendByEmail: false));
        var phone = await browser.NewPageAsync(baseUrl, Browser.Phone);

        await Browser.ScenarioAsync(phone, "leader-sharing-phone", async () =>
        {
            await phone.GotoAsync($"/Courses/{seed.ClubCourse}/Register");
            await PhoneChecks.TextAt200Async(phone);
            var question = phone.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("集まりのリーダーに知らせてよい") });
            await Assertions.Expect(question).Not.ToBeCheckedAsync();
            await phone.Locator("#Input_FamilyName").FillAsync("乙黒");
            await phone.Locator("#Input_GivenName").FillAsync("花子");
            await phone.Locator("#Input_FamilyNameKana").FillAsync("おとぐろ");
            await phone.Locator("#Input_GivenNameKana").FillAsync("はなこ");
            await phone.Locator("#Input_Phone").FillAsync("0551-21-7101");
            await phone.Locator("#Input_Consent").CheckAsync();
            await question.CheckAsync();
            await question.ScrollIntoViewIfNeededAsync();
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-sharing-form-phone-200-ja");
            await ViewportShotAsync(phone, "leader-sharing-question-phone-200-ja");
            await phone.GetByRole(AriaRole.Button, new() { Name = "申し込む", Exact = true }).ClickAsync();
            await Assertions.Expect(phone.GetByText("お申し込みありがとうございます")).ToBeVisibleAsync();

            var token = await _app.WithDbAsync(db => db.People.Where(p => p.FamilyName == "乙黒").Select(p => p.AccessToken).SingleAsync());
            await phone.GotoAsync($"/My/{token}");
            await PhoneChecks.TextAt200Async(phone);
            var section = phone.GetByTestId("my-leader-sharing");
            await Assertions.Expect(section.GetByTestId("leader-sharing-state")).ToContainTextAsync("いまは「知らせてよい」になっています。");
            await section.GetByRole(AriaRole.Button, new() { Name = "リーダーに知らせるのをやめる" }).ClickAsync();
            await Assertions.Expect(phone.GetByTestId("leader-sharing-notice")).ToContainTextAsync("知らせるのをやめました");
            await PhoneChecks.TextAt200Async(phone);
            await Assertions.Expect(section.GetByTestId("leader-sharing-state")).ToContainTextAsync("いまは、知らせていません。");
            await section.ScrollIntoViewIfNeededAsync();
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-sharing-my-page-phone-200-ja");
            await ViewportShotAsync(phone, "leader-sharing-my-section-phone-200-ja");
        });

        var tablet = await browser.NewPageAsync(baseUrl, WideTablet);
        await Browser.ScenarioAsync(tablet, "leader-2fa-reset-tablet", async () =>
        {
            await _app.WithDbAsync(async db =>
            {
                var user = await db.Users.SingleAsync(u => u.Email == "komatsu@example.jp");
                user.TwoFactorEnabled = true;
                await db.SaveChangesAsync();
            });
            await Browser.SignInAsAdminAsync(tablet);
            await tablet.GotoAsync($"/Staff/Programs/{seed.Club}/Leaders");
            await tablet.GetByTestId("leader-2fa-reset").Locator("summary").ClickAsync();
            await Assertions.Expect(tablet.GetByRole(AriaRole.Button, new() { Name = "解除してメールで知らせる" })).ToBeVisibleAsync();
            await Browser.ScreenshotAsync(tablet, "leader-2fa-reset-tablet-ja");
        });
    }
}
