using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Web;

[Collection(BrowserCollection.Name)]
public sealed class StaffSignInBrowserTests(Browser browser, DemoSite demo)
{
    // The shared demo site: these tests only look at its pages.
    private TrainingApp _app => demo.App;

    [SkippableFact]
    public async Task An_admin_signs_in_on_a_tablet_sees_the_dashboard_and_switches_to_English()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(demo.BaseUrl, Browser.Tablet);
        await Browser.ScenarioAsync(page, "admin-sign-in", async () =>
        {
            await page.GotoAsync("/Staff");
            Assert.Contains("/Account/Login", page.Url);
            await page.GetByLabel("メールアドレス").FillAsync(TrainingApp.AdminEmail);
            await page.GetByLabel("パスワード").FillAsync(TrainingApp.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();

            await Browser.ExpectPathAsync(page, "/Staff");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ダッシュボード", Level = 1 })).ToBeVisibleAsync();
            var people = await page.GetByTestId("people").TextContentAsync();
            Assert.True(int.Parse(people!) >= 20, $"the demo's people should be counted, saw {people}");
            await Browser.ScreenshotAsync(page, "staff-dashboard-tablet-ja");

            await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
            Assert.EndsWith("/Staff", page.Url);
            await Browser.ScreenshotAsync(page, "staff-dashboard-tablet-en");

            // The administrators' settings fold away under one heading of the menu; it opens in place, without script.
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Background jobs" })).ToBeHiddenAsync();
            await page.GetByText("Administration", new() { Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Background jobs" }).ClickAsync();
            await Assertions.Expect(page.GetByText("Recurring Jobs").First).ToBeVisibleAsync();
        });
    }

    [SkippableFact]
    public async Task The_home_page_reads_well_on_a_phone_and_has_no_serious_accessibility_problems()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(demo.BaseUrl, Browser.Phone);

        await page.GotoAsync("/");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "これからの予定" })).ToBeVisibleAsync();
        var fontSize = await page.EvaluateAsync<string>("getComputedStyle(document.body).fontSize");
        Assert.True(double.Parse(fontSize.Replace("px", "")) >= 17, $"body text should be large, was {fontSize}");
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page should not scroll sideways on a phone");
        await Browser.ScreenshotAsync(page, "home-phone-ja");
        await AssertNoSeriousAccessibilityProblemsAsync(page);

        await page.GotoAsync("/Account/Login");
        await AssertNoSeriousAccessibilityProblemsAsync(page);
    }

    [SkippableFact]
    public async Task On_a_phone_the_staff_menu_folds_away_so_the_page_starts_on_the_first_screen()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(demo.BaseUrl, Browser.Phone);
        await Browser.ScenarioAsync(page, "staff-menu-phone", async () =>
        {
            await page.GotoAsync("/Account/Login");
            await page.GetByLabel("メールアドレス").FillAsync(TrainingApp.AdminEmail);
            await page.GetByLabel("パスワード").FillAsync(TrainingApp.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
            await page.GotoAsync("/Staff/Admin/Staff");

            var heading = page.GetByRole(AriaRole.Heading, new() { Name = "職員のアカウント", Level = 1 });
            await Assertions.Expect(heading).ToBeInViewportAsync();
            var box = await heading.BoundingBoxAsync();
            Assert.True(box!.Y + box.Height < Browser.Phone.Height / 2, $"the page's heading should be near the top, was at {box.Y}");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "講座の管理" })).ToBeHiddenAsync();
            await Browser.ScreenshotAsync(page, "staff-accounts-phone-ja");

            await page.GetByText("職員メニュー").ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "講座の管理" })).ToBeVisibleAsync();
            await Browser.ScreenshotAsync(page, "staff-menu-open-phone-ja");
            await AssertNoSeriousAccessibilityProblemsAsync(page);
        });
    }

    private static async Task AssertNoSeriousAccessibilityProblemsAsync(IPage page)
    {
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))})")
            .ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}
