using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Organisations;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Staff;

/// <summary>A city onboards a district coordinator through the product alone, and stops them again.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class StaffOnboardingBrowserTests(Browser browser) : IDisposable
{
    private const string CoordinatorEmail = "mochizuki@hosaka.example.jp";
    private const string CoordinatorPassword = "Kirigamine-Plateau-73";
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task An_administrator_onboards_a_district_coordinator_who_signs_in_with_a_code_and_is_stopped_again()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        await _app.WithDbAsync(async db =>
        {
            var hosaka = new Area { Code = "H", Name = "穂坂地区", NameKana = "ほさかちく" };
            var tatsuoka = new Area { Code = "T", Name = "竜岡地区", NameKana = "たつおかちく" };
            db.Areas.AddRange(hosaka, tatsuoka);
            db.People.Add(new PersonBuilder().Named("穂坂", "花子", "ほさか", "はなこ").InArea(hosaka).Build());
            db.People.Add(new PersonBuilder().Named("竜岡", "次郎", "たつおか", "じろう").InArea(tatsuoka).Build());
            await db.SaveChangesAsync();
        });
        var admin = await browser.NewPageAsync(baseUrl, Browser.Tablet);
        var coordinator = await browser.NewPageAsync(baseUrl, Browser.Phone);

        await Browser.ScenarioAsync(admin, "onboarding-admin-creates", async () =>
        {
            await Browser.SignInAsAdminAsync(admin);
            await admin.GotoAsync("/Staff/Admin/Staff");
            await admin.GetByRole(AriaRole.Link, new() { Name = "職員を登録する" }).ClickAsync();
            await admin.GetByLabel("名前").FillAsync("穂坂地区社協 望月");
            await admin.GetByLabel("メールアドレス").FillAsync(CoordinatorEmail);
            await admin.GetByLabel("コーディネーター（担当の地区の参加者と講座）").CheckAsync();
            await admin.GetByLabel("穂坂地区").CheckAsync();
            await admin.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("パスワードを決めるためのリンクをメールで送る") }).CheckAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
            await Assertions.Expect(admin.GetByText(new Regex("望月さんを登録"))).ToBeVisibleAsync();
            await Browser.ScreenshotAsync(admin, "onboarding-created-tablet-ja");
        });

        // The invitation as the coordinator receives it.
        var invitation = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.TemplateName == "staff-invitation"));
        Assert.Equal(CoordinatorEmail, invitation.ToAddress);
        var link = new Uri(SetPasswordLink().Match(invitation.TextBody).Value);

        await Browser.ScenarioAsync(coordinator, "onboarding-coordinator", async () =>
        {
            await coordinator.GotoAsync(link.PathAndQuery);
            await coordinator.GetByLabel("新しいパスワード").FillAsync(CoordinatorPassword);
            await coordinator.GetByLabel("もう一度（確認）").FillAsync(CoordinatorPassword);
            await coordinator.GetByRole(AriaRole.Button, new() { Name = "パスワードを決める" }).ClickAsync();
            await Assertions.Expect(coordinator.GetByText("パスワードを決めました。")).ToBeVisibleAsync();
            await coordinator.GetByRole(AriaRole.Link, new() { Name = "ログインする" }).ClickAsync();
            await SignInWithPasswordAsync(coordinator);
            await Browser.ExpectPathAsync(coordinator, "/Staff");

            await coordinator.GotoAsync("/Account/TwoFactor");
            // Opening the page changes nothing; the key appears once setting up is started.
            await Assertions.Expect(coordinator.GetByTestId("authenticator-key")).ToHaveCountAsync(0);
            await coordinator.GetByRole(AriaRole.Button, new() { Name = "設定を始める" }).ClickAsync();
            var key = (await coordinator.GetByTestId("authenticator-key").TextContentAsync())!.Trim();
            await Browser.ScreenshotAsync(coordinator, "onboarding-two-factor-phone-ja");
            await coordinator.GetByLabel("6けたのコード").FillAsync(Totp.Code(key, TestClock.Instance.GetUtcNow()));
            await coordinator.GetByRole(AriaRole.Button, new() { Name = "始める" }).ClickAsync();
            await Assertions.Expect(coordinator.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);

            await coordinator.GetByText("職員メニュー").ClickAsync();
            await coordinator.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();
            await coordinator.GotoAsync("/Account/Login");
            await SignInWithPasswordAsync(coordinator);
            await Browser.ExpectPathAsync(coordinator, "/Account/LoginWith2fa");
            // The next time step's code: within the window Identity accepts, and not the one just used.
            await coordinator.GetByLabel("コード", new() { Exact = true }).FillAsync(Totp.Code(key, TestClock.Instance.GetUtcNow().AddSeconds(30)));
            await coordinator.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
            await Browser.ExpectPathAsync(coordinator, "/Staff");

            await coordinator.GotoAsync("/Staff/People");
            await Assertions.Expect(coordinator.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("穂坂\\s*花子") })).ToBeVisibleAsync();
            Assert.DoesNotContain("次郎", await coordinator.Locator("main").InnerTextAsync());
            await Browser.ScreenshotAsync(coordinator, "onboarding-people-phone-ja");
        });

        await Browser.ScenarioAsync(admin, "onboarding-admin-stops", async () =>
        {
            await admin.GotoAsync("/Staff/Admin/Staff");
            await admin.GetByRole(AriaRole.Link, new() { Name = "穂坂地区社協 望月" }).ClickAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "このアカウントを停止する" }).ClickAsync();
            await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("停止中");
        });

        await Browser.ScenarioAsync(coordinator, "onboarding-coordinator-stopped", async () =>
        {
            await coordinator.GotoAsync("/Staff/People");
            await Browser.ExpectPathAsync(coordinator, "/Account/Login");
            await SignInWithPasswordAsync(coordinator);
            // The right password of a stopped account: told it is stopped, and whom to ask, not that the password was wrong.
            await Assertions.Expect(coordinator.GetByTestId("account-stopped")).ToContainTextAsync("このアカウントは停止されています");
            await Assertions.Expect(coordinator.GetByTestId("account-stopped")).ToContainTextAsync("管理者");
            await Browser.ScreenshotAsync(coordinator, "onboarding-stopped-phone-ja");
        });
    }

    private static async Task SignInWithPasswordAsync(IPage page)
    {
        await page.GetByLabel("メールアドレス").FillAsync(CoordinatorEmail);
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(CoordinatorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
    }

    [GeneratedRegex(@"https?://\S+/Account/SetPassword\S+")]
    private static partial Regex SetPasswordLink();
}
