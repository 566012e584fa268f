using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Tests.Infrastructure;
using Training.Tests.Leaders;

namespace Training.BrowserTests.Staff;

/// <summary>
/// A group gets its leader (issue 28): a coordinator invites them on a tablet; the leader sets a password and reads
/// their group on a phone with its text at 200 % and on a tablet — nothing wider than the screen, every control big
/// enough for a finger, and in English no Japanese left but the names.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LeaderBrowserTests(Browser browser) : IDisposable
{
    private const string LeaderEmail = "takahashi@example.jp";
    private const string LeaderPassword = "Kirigamine-Plateau-73";
    private static readonly ViewportSize WideTablet = new() { Width = 1024, Height = 1366 };
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_coordinator_invites_a_leader_who_reads_their_group_on_a_phone_at_200_percent_and_on_a_tablet()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var seed = await LeaderGroupsSeed.SaveAsync(_app);
        var coordinator = await browser.NewPageAsync(baseUrl, WideTablet);
        var phone = await browser.NewPageAsync(baseUrl, Browser.Phone);
        string link = "";

        await Browser.ScenarioAsync(coordinator, "leader-invite", async () =>
        {
            await Browser.SignInAsAdminAsync(coordinator);
            await coordinator.GotoAsync("/Staff/Programs");
            await coordinator.GetByRole(AriaRole.Row, new() { NameRegex = new Regex(LeaderGroupsSeed.ClubName) }).GetByTestId("program-leaders").ClickAsync();
            await Assertions.Expect(coordinator.GetByTestId("invite-group")).ToHaveTextAsync(LeaderGroupsSeed.ClubName);
            await Browser.ScreenshotAsync(coordinator, "leader-invite-form-tablet-ja");
            await coordinator.GetByLabel("リーダーの方のお名前").FillAsync("髙橋 良子");
            await coordinator.GetByLabel("メールアドレス").FillAsync(LeaderEmail);
            await coordinator.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("パスワードを決めるためのリンクをメールで送る") }).UncheckAsync();
            await coordinator.GetByRole(AriaRole.Button, new() { Name = "招く", Exact = true }).ClickAsync();
            link = (await coordinator.GetByTestId("set-password-url").TextContentAsync())!.Trim();
            await Assertions.Expect(coordinator.GetByTestId("leader")).ToContainTextAsync("招待中（パスワード未設定）");
        });

        await Browser.ScenarioAsync(phone, "leader-phone", async () =>
        {
            await phone.GotoAsync(new Uri(link).PathAndQuery);
            await phone.GetByLabel("新しいパスワード").FillAsync(LeaderPassword);
            await phone.GetByLabel("もう一度（確認）").FillAsync(LeaderPassword);
            await phone.GetByRole(AriaRole.Button, new() { Name = "パスワードを決める" }).ClickAsync();
            await phone.GetByRole(AriaRole.Link, new() { Name = "ログインする" }).ClickAsync();
            await SignInAsync(phone);
            await Browser.ExpectPathAsync(phone, "/Lead");

            // The phone's own text size at 200 % (as Android's font scale sets it): the viewport stays 390 px wide.
            var cdp = await phone.Context.NewCDPSessionAsync(phone);
            await cdp.SendAsync("Page.enable");
            await cdp.SendAsync("Page.setFontSizes", new Dictionary<string, object> { ["fontSizes"] = new Dictionary<string, object> { ["standard"] = 34, ["fixed"] = 28 } });
            await phone.ReloadAsync();
            var rootPx = await phone.EvaluateAsync<double>("parseFloat(getComputedStyle(document.documentElement).fontSize)");
            Assert.True(rootPx >= 36, $"text is {rootPx}px, not 200 %");
            await Assertions.Expect(phone.GetByTestId("upcoming").GetByTestId("group-session")).ToHaveCountAsync(2);
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-home-phone-200-ja");

            await phone.GetByTestId("upcoming").GetByRole(AriaRole.Link).First.ClickAsync();
            await Assertions.Expect(phone.GetByTestId("registrant")).ToHaveCountAsync(3);
            await Assertions.Expect(phone.GetByTestId("registrant-phone")).ToHaveTextAsync(LeaderGroupsSeed.TakahashiPhone);
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-session-phone-200-ja");

            // Attendance at the session that has begun (deliver 3): one tap, on the coordinators' roster.
            await phone.GotoAsync($"/Lead/Sessions/{seed.PastSession}");
            await phone.GetByTestId("take-attendance").ClickAsync();
            await phone.GetByRole(AriaRole.Group, new() { Name = "髙橋 良子さんの出欠" }).GetByRole(AriaRole.Button, new() { Name = "出席", Exact = true }).ClickAsync();
            await Assertions.Expect(phone.GetByTestId("marked")).ToHaveTextAsync("記録済み 1 / 1人");
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-roster-phone-200-ja");

            // The staff pages stay shut, whatever is typed.
            await phone.GotoAsync("/Staff/People");
            Assert.DoesNotContain("渡辺", await phone.Locator("main").InnerTextAsync());

            var data = await _app.WithDbAsync(PhoneChecks.DataTextsAsync);
            await phone.GotoAsync("/Culture?culture=en&returnUrl=/Lead");
            Assert.Empty(await PhoneChecks.JapaneseLinesAsync(phone, data));
            await phone.GotoAsync($"/Lead/Sessions/{seed.NextSession}");
            Assert.Empty(await PhoneChecks.JapaneseLinesAsync(phone, data));
            await PhoneChecks.AssertFitsAsync(phone);
        });

        var tablet = await browser.NewPageAsync(baseUrl, WideTablet);
        await Browser.ScenarioAsync(tablet, "leader-tablet", async () =>
        {
            await tablet.GotoAsync("/Account/Login");
            await SignInAsync(tablet);
            await Browser.ExpectPathAsync(tablet, "/Lead");
            await Assertions.Expect(tablet.GetByTestId("leader-menu")).ToBeVisibleAsync();
            await Assertions.Expect(tablet.GetByText("職員メニュー")).ToHaveCountAsync(0);
            await Browser.ScreenshotAsync(tablet, "leader-home-tablet-ja");
            await tablet.GotoAsync($"/Lead/Sessions/{seed.PastSession}/Roster");
            await Assertions.Expect(tablet.GetByTestId("walk-in")).ToBeVisibleAsync();
            await Browser.ScreenshotAsync(tablet, "leader-roster-tablet-ja");
        });
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GetByLabel("メールアドレス").FillAsync(LeaderEmail);
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(LeaderPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
    }
}
