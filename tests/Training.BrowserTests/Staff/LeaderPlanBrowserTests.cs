using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Tests.Infrastructure;
using Training.Tests.Leaders;

namespace Training.BrowserTests.Staff;

/// <summary>
/// A leader plans next months' sessions on a phone with its text at 200 % (issue 28, deliver 2): the monthly rule, the
/// dates it gives with the holidays skipped, created as 承認待ち; then moves one on a tablet, held as a proposal; the
/// coordinator approves on a tablet. Nothing wider than the screen, every control big enough for a finger, and in
/// English no Japanese left but the names.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LeaderPlanBrowserTests(Browser browser) : IDisposable
{
    private const string LeaderEmail = "plan-leader@example.jp";
    private const string LeaderPassword = "Kirigamine-Plateau-73";
    private static readonly ViewportSize WideTablet = new() { Width = 1024, Height = 1366 };
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_leader_plans_sessions_on_a_phone_at_200_percent_and_moves_one_on_a_tablet_and_the_coordinator_approves()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var seed = await LeaderGroupsSeed.SaveAsync(_app);
        await CreateLeaderAsync(seed);
        var phone = await browser.NewPageAsync(baseUrl, Browser.Phone);

        await Browser.ScenarioAsync(phone, "leader-plan-phone", async () =>
        {
            await phone.GotoAsync("/Account/Login");
            await SignInAsync(phone);
            await Browser.ExpectPathAsync(phone, "/Lead");
            var cdp = await phone.Context.NewCDPSessionAsync(phone);
            await cdp.SendAsync("Page.enable");
            await cdp.SendAsync("Page.setFontSizes", new Dictionary<string, object> { ["fontSizes"] = new Dictionary<string, object> { ["standard"] = 34, ["fixed"] = 28 } });
            await phone.GetByTestId("plan-sessions").ClickAsync();
            await Browser.ExpectPathAsync(phone, "/Lead/Plan");
            await phone.ReloadAsync();
            var rootPx = await phone.EvaluateAsync<double>("parseFloat(getComputedStyle(document.documentElement).fontSize)");
            Assert.True(rootPx >= 36, $"text is {rootPx}px, not 200 %");
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-plan-phone-200-ja");

            // The 2nd Thursday 14:00–15:30 from February 2027: 2/11 is 建国記念の日, skipped.
            await phone.GetByLabel("曜日", new() { Exact = true }).SelectOptionAsync("Thursday");
            await phone.GetByLabel("開始", new() { Exact = true }).First.FillAsync("14:00");
            await phone.GetByLabel("終了", new() { Exact = true }).First.FillAsync("15:30");
            await phone.GetByLabel("最初の月").FillAsync("2027-02");
            await phone.GetByLabel("回数").FillAsync("3");
            await phone.GetByTestId("preview").ClickAsync();
            await Assertions.Expect(phone.GetByTestId("plan-skipped")).ToContainTextAsync("建国記念の日");
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-plan-preview-phone-200-ja");
            await phone.GetByTestId("create").ClickAsync();
            await Browser.ExpectPathAsync(phone, "/Lead");
            await Assertions.Expect(phone.GetByTestId("awaiting-approval")).ToHaveCountAsync(3);
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-home-pending-phone-200-ja");

            await phone.GotoAsync($"/Lead/Sessions/{seed.LaterSession}/Change");
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-change-phone-200-ja");

            var data = await _app.WithDbAsync(PhoneChecks.DataTextsAsync);
            await phone.GotoAsync("/Culture?culture=en&returnUrl=/Lead/Plan");
            Assert.Empty(await PhoneChecks.JapaneseLinesAsync(phone, data));
            await phone.GotoAsync($"/Lead/Sessions/{seed.LaterSession}/Change");
            Assert.Empty(await PhoneChecks.JapaneseLinesAsync(phone, data));
            await phone.GotoAsync("/Lead");
            Assert.Empty(await PhoneChecks.JapaneseLinesAsync(phone, data));
        });

        var tablet = await browser.NewPageAsync(baseUrl, WideTablet);
        await Browser.ScenarioAsync(tablet, "leader-change-tablet", async () =>
        {
            await tablet.GotoAsync("/Account/Login");
            await SignInAsync(tablet);
            await tablet.GotoAsync($"/Lead/Sessions/{seed.LaterSession}");
            await tablet.GetByTestId("change-session").ClickAsync();
            await tablet.GetByLabel("日付", new() { Exact = true }).FillAsync("2027-01-20");
            await tablet.GetByRole(AriaRole.Button, new() { Name = "変更を申し出る" }).ClickAsync();
            await Assertions.Expect(tablet.GetByTestId("move-proposed")).ToBeVisibleAsync();
            await Browser.ScreenshotAsync(tablet, "leader-session-proposed-tablet-ja");
            await tablet.GotoAsync("/Lead/Plan");
            await Browser.ScreenshotAsync(tablet, "leader-plan-tablet-ja");
        });

        var coordinator = await browser.NewPageAsync(baseUrl, WideTablet);
        await Browser.ScenarioAsync(coordinator, "leader-approve-tablet", async () =>
        {
            await Browser.SignInAsAdminAsync(coordinator);
            await coordinator.GotoAsync("/Staff/Leaders");
            await Assertions.Expect(coordinator.GetByTestId("month-pending").First).ToBeVisibleAsync();
            await coordinator.GotoAsync($"/Staff/Programs/{seed.Club}/Leaders");
            await Assertions.Expect(coordinator.GetByTestId("pending-session")).ToHaveCountAsync(4);
            await Browser.ScreenshotAsync(coordinator, "leader-approvals-tablet-ja");
            await coordinator.GetByTestId("pending-session").GetByRole(AriaRole.Link).Last.ClickAsync();
            await Browser.ScreenshotAsync(coordinator, "leader-approval-tablet-ja");
            await coordinator.GetByTestId("approve").ClickAsync();
            await Assertions.Expect(coordinator.GetByTestId("pending-session")).ToHaveCountAsync(3);
        });
    }

    /// <summary>The club's leader with their password set, as one who followed the invitation's link.</summary>
    private async Task CreateLeaderAsync(LeaderGroupsSeed seed)
    {
        await using var scope = _app.Scope();
        var outcome = await scope.ServiceProvider.GetRequiredService<Training.Leaders.GroupLeaders>().InviteAsync(seed.ClubGroup,
            new Training.Leaders.LeaderInput { DisplayName = "髙橋 良子", Email = LeaderEmail }, Training.Courses.ProgramReach.Everything,
            new Training.People.Actor(null, "test"), sendByEmail: false);
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Training.Staff.StaffUser>>();
        var done = Assert.IsType<Training.Leaders.LeaderChange.Done>(outcome);
        Assert.True((await users.AddPasswordAsync((await users.FindByIdAsync(done.UserId))!, LeaderPassword)).Succeeded);
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GetByLabel("メールアドレス").FillAsync(LeaderEmail);
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(LeaderPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
    }
}
