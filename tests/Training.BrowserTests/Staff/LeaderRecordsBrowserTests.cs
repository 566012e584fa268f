using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Training.Activities;
using Training.BrowserTests.Infrastructure;
using Training.Tests.Infrastructure;
using Training.Tests.Leaders;

namespace Training.BrowserTests.Staff;

/// <summary>
/// The leader keeps their group's activity records (issue 28, deliver 4) on a phone with its text at 200 % and on a
/// tablet: confirms a helper's own record, records a session for two helpers, opens a record to correct it — nothing
/// wider than the screen, every control big enough for a finger.
/// </summary>
public sealed partial class LeaderBrowserTests
{
    [SkippableFact]
    public async Task The_leader_confirms_and_records_their_groups_activity_on_a_phone_at_200_percent_and_on_a_tablet()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var seed = await LeaderGroupsSeed.SaveAsync(_app);
        await LeaderWithPasswordAsync(seed.ClubGroup, LeaderEmail);
        var (wada, inoue) = await _app.WithDbAsync(async db =>
        {
            var wada = new PersonBuilder().Named("和田", "幸子", "わだ", "さちこ").InArea(seed.Hosaka).Build();
            var inoue = new PersonBuilder().Named("井上", "正一", "いのうえ", "しょういち").InArea(seed.Hosaka).Build();
            db.People.AddRange(wada, inoue);
            await db.SaveChangesAsync();
            var day = new DateOnly(2026, 11, 25);
            foreach (var (person, source) in new[] { (wada.Id, RecordSource.Staff), (inoue.Id, RecordSource.Helper) })
                db.ActivityRecords.Add(ActivityRecord.Create(person, seed.ClubActivity,
                    new RecordInput { Date = day, StartTime = new TimeOnly(10, 0), Minutes = 90, Visits = 2, Note = source == RecordSource.Helper ? "買い物の付き添い" : "" },
                    day.ToDateTime(new TimeOnly(1, 0)), source, source == RecordSource.Staff ? "seed" : null, TestClock.UtcNow));
            await db.SaveChangesAsync();
            return (wada.Id, inoue.Id);
        });
        var phone = await browser.NewPageAsync(baseUrl, Browser.Phone);

        await Browser.ScenarioAsync(phone, "leader-records-phone", async () =>
        {
            await phone.GotoAsync("/Account/Login");
            await SignInAsync(phone);
            await Browser.ExpectPathAsync(phone, "/Lead");
            var cdp = await phone.Context.NewCDPSessionAsync(phone);
            await cdp.SendAsync("Page.enable");
            await cdp.SendAsync("Page.setFontSizes", new Dictionary<string, object> { ["fontSizes"] = new Dictionary<string, object> { ["standard"] = 34, ["fixed"] = 28 } });
            await phone.GetByTestId("records-link").ClickAsync();
            await Assertions.Expect(phone.GetByTestId("pending-record")).ToHaveCountAsync(1);
            Assert.Empty(await PhoneChecks.TooWideAsync(phone));
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-records-phone-200-ja");

            await phone.GetByTestId("pending-record").GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^確認する") }).ClickAsync();
            await Assertions.Expect(phone.GetByTestId("pending-record")).ToHaveCountAsync(0);
            await Assertions.Expect(phone.GetByTestId("record")).ToHaveCountAsync(2);

            await phone.GetByTestId("record-session").ClickAsync();
            await Assertions.Expect(phone.GetByTestId("session-row")).ToHaveCountAsync(2);
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-records-session-phone-200-ja");
            await phone.GetByLabel("始めた時刻").FillAsync("09:00");
            await phone.Locator("#hours").SelectOptionAsync("1");
            foreach (var row in await phone.GetByTestId("session-row").AllAsync())
                await row.GetByRole(AriaRole.Checkbox).CheckAsync();
            await phone.GetByTestId("save").ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("2人の活動を記録しました。");
            await Assertions.Expect(phone.GetByTestId("record")).ToHaveCountAsync(4);

            await phone.GetByTestId("record").First.GetByRole(AriaRole.Link).ClickAsync();
            await Assertions.Expect(phone.GetByTestId("correct-form")).ToBeVisibleAsync();
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "leader-records-edit-phone-200-ja");

            // In English, no Japanese left but the names.
            var data = await _app.WithDbAsync(PhoneChecks.DataTextsAsync);
            await phone.GotoAsync("/Culture?culture=en&returnUrl=/Lead/Records");
            Assert.Empty(await PhoneChecks.JapaneseLinesAsync(phone, data));
            await phone.GotoAsync("/Lead/Records/Session");
            Assert.Empty(await PhoneChecks.JapaneseLinesAsync(phone, data));
            await phone.GotoAsync("/Culture?culture=ja&returnUrl=/Lead/Records");
        });

        var tablet = await browser.NewPageAsync(baseUrl, WideTablet);
        await Browser.ScenarioAsync(tablet, "leader-records-tablet", async () =>
        {
            await tablet.GotoAsync("/Account/Login");
            await SignInAsync(tablet);
            await tablet.GotoAsync("/Lead/Records");
            await Assertions.Expect(tablet.GetByTestId("record")).ToHaveCountAsync(4);
            await Browser.ScreenshotAsync(tablet, "leader-records-tablet-ja");
            await tablet.GotoAsync("/Lead/Records/Session");
            await Browser.ScreenshotAsync(tablet, "leader-records-session-tablet-ja");
        });

        // A program no local activity links: the page says so, and whom to ask.
        await LeaderWithPasswordAsync(seed.SalonGroup, "salon-leader@example.jp");
        var salon = await browser.NewPageAsync(baseUrl, Browser.Phone);
        await Browser.ScenarioAsync(salon, "leader-records-none", async () =>
        {
            await salon.GotoAsync("/Account/Login");
            await salon.GetByLabel("メールアドレス").FillAsync("salon-leader@example.jp");
            await salon.GetByLabel("パスワード", new() { Exact = true }).FillAsync(LeaderPassword);
            await salon.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
            await salon.GetByTestId("records-link").ClickAsync();
            await Assertions.Expect(salon.GetByTestId("no-activity")).ToContainTextAsync("竜岡地区の担当のコーディネーター");
            await PhoneChecks.AssertFitsAsync(salon);
            await Browser.ScreenshotAsync(salon, "leader-records-no-activity-phone-ja");
        });
        Assert.Equal(4, await _app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.ActivityRecords,
            r => (r.PersonId == wada || r.PersonId == inoue) && r.Status == RecordStatus.Confirmed && r.CancelledAt == null)));
    }

    /// <summary>A leader of the group with a password (the invitation itself is the other scenario's).</summary>
    private async Task LeaderWithPasswordAsync(Training.Leaders.LeaderGroup group, string email)
    {
        await using var scope = _app.Scope();
        var invited = await scope.ServiceProvider.GetRequiredService<Training.Leaders.GroupLeaders>().InviteAsync(group,
            new Training.Leaders.LeaderInput { DisplayName = "リーダー", Email = email }, Training.Courses.ProgramReach.Everything,
            new Training.People.Actor(null, "test"), sendByEmail: false);
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Training.Staff.StaffUser>>();
        Assert.True((await users.AddPasswordAsync((await users.FindByIdAsync(((Training.Leaders.LeaderChange.Done)invited).UserId))!, LeaderPassword)).Succeeded);
    }
}
