using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Courses;
using Training.Tests.Infrastructure;
using Training.Tests.Leaders;

namespace Training.BrowserTests.Staff;

/// <summary>
/// A group leader runs a month of their group without a coordinator typing anything (issue 28, "Done when"): the
/// coordinator invites the leader on a tablet; the leader sets a password and plans next month's session on a phone;
/// the coordinator approves it; a resident finds it on the public schedule and books it; on the day the leader takes
/// attendance on a tablet, a neighbour who came without booking included; after it the coordinator's group summary and
/// the fiscal-year report count both under the group. The app runs on a clock the test moves, so "on the day" is the
/// session's own hour.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LeaderMonthBrowserTests : IDisposable
{
    private const string LeaderEmail = "month-leader@example.jp";
    private const string LeaderPassword = "Yatsugatake-Trail-58";
    private static readonly ViewportSize WideTablet = new() { Width = 1024, Height = 1366 };
    /// <summary>The 4th Wednesday of January 2027, 14:00–15:30 in Japan: what the leader plans.</summary>
    private static readonly DateTime PlannedStart = new(2027, 1, 27, 5, 0, 0, DateTimeKind.Utc);
    private readonly Browser _browser;
    private readonly FakeTimeProvider _time = new(TestClock.Start);
    private readonly TrainingApp _app;

    public LeaderMonthBrowserTests(Browser browser)
    {
        _browser = browser;
        _app = new TrainingApp(time: _time);
    }

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_leader_plans_a_session_the_coordinator_approves_a_resident_books_it_the_leader_takes_attendance_and_the_report_counts_it()
    {
        _browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var seed = await LeaderGroupsSeed.SaveAsync(_app);
        var coordinator = await _browser.NewPageAsync(baseUrl, WideTablet);
        var phone = await _browser.NewPageAsync(baseUrl, Browser.Phone);
        var link = "";

        await Browser.ScenarioAsync(coordinator, "month-invite", async () =>
        {
            await Browser.SignInAsAdminAsync(coordinator);
            await coordinator.GotoAsync("/Staff/Programs");
            await coordinator.GetByRole(AriaRole.Row, new() { NameRegex = new Regex(LeaderGroupsSeed.ClubName) }).GetByTestId("program-leaders").ClickAsync();
            await coordinator.GetByLabel("リーダーの方のお名前").FillAsync("髙橋 良子");
            await coordinator.GetByLabel("メールアドレス").FillAsync(LeaderEmail);
            await coordinator.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("パスワードを決めるためのリンクをメールで送る") }).UncheckAsync();
            await coordinator.GetByRole(AriaRole.Button, new() { Name = "招く", Exact = true }).ClickAsync();
            link = (await coordinator.GetByTestId("set-password-url").TextContentAsync())!.Trim();
        });

        await Browser.ScenarioAsync(phone, "month-plan", async () =>
        {
            await phone.GotoAsync(new Uri(link).PathAndQuery);
            await phone.GetByLabel("新しいパスワード").FillAsync(LeaderPassword);
            await phone.GetByLabel("もう一度（確認）").FillAsync(LeaderPassword);
            await phone.GetByRole(AriaRole.Button, new() { Name = "パスワードを決める" }).ClickAsync();
            await phone.GetByRole(AriaRole.Link, new() { Name = "ログインする" }).ClickAsync();
            await SignInAsync(phone);
            await Browser.ExpectPathAsync(phone, "/Lead");

            // Next month's session: the 4th Wednesday, 14:00–15:30, once.
            await phone.GetByTestId("plan-sessions").ClickAsync();
            await phone.GetByRole(AriaRole.Checkbox, new() { Name = "第2", Exact = true }).UncheckAsync();
            await phone.GetByRole(AriaRole.Checkbox, new() { Name = "第4", Exact = true }).CheckAsync();
            await phone.GetByLabel("曜日", new() { Exact = true }).SelectOptionAsync("Wednesday");
            await phone.GetByLabel("開始", new() { Exact = true }).First.FillAsync("14:00");
            await phone.GetByLabel("終了", new() { Exact = true }).First.FillAsync("15:30");
            await phone.GetByLabel("最初の月").FillAsync("2027-01");
            await phone.GetByLabel("回数").FillAsync("1");
            await phone.GetByTestId("preview").ClickAsync();
            await Assertions.Expect(phone.Locator("main")).ToContainTextAsync("1月27日");
            await phone.GetByTestId("create").ClickAsync();
            await Browser.ExpectPathAsync(phone, "/Lead");
            await Assertions.Expect(phone.GetByTestId("awaiting-approval")).ToHaveCountAsync(1);
            await PhoneChecks.AssertFitsAsync(phone);
            await Browser.ScreenshotAsync(phone, "month-planned-phone-ja");
        });
        var planned = await _app.WithDbAsync(db => db.Sessions.SingleAsync(s => s.CourseId == seed.ClubCourse && s.StartsAt == PlannedStart));
        Assert.Equal(SessionStatus.Pending, planned.Status);

        // Not on the public schedule before the coordinator says yes.
        var resident = await _browser.NewPageAsync(baseUrl, Browser.Phone);
        await resident.GotoAsync("/Schedule?month=2027-01");
        await Assertions.Expect(resident.Locator($"#session-{planned.Id}")).ToHaveCountAsync(0);

        await Browser.ScenarioAsync(coordinator, "month-approve", async () =>
        {
            await coordinator.GotoAsync("/Staff/Leaders");
            await Assertions.Expect(coordinator.GetByTestId("month-pending")).ToContainTextAsync("1件");
            await coordinator.GotoAsync($"/Staff/Programs/{seed.Club}/Leaders");
            await coordinator.GetByTestId("pending-session").GetByRole(AriaRole.Link).Last.ClickAsync();
            await coordinator.GetByTestId("approve").ClickAsync();
            await Assertions.Expect(coordinator.GetByTestId("pending-session")).ToHaveCountAsync(0);
        });

        await Browser.ScenarioAsync(resident, "month-book", async () =>
        {
            await resident.GotoAsync("/Schedule?month=2027-01");
            await resident.Locator($"#session-{planned.Id}").GetByRole(AriaRole.Link, new() { Name = "この日に申し込む" }).ClickAsync();
            await Assertions.Expect(resident.Locator($"input[name=SessionId][value='{planned.Id}']")).ToBeCheckedAsync();
            await resident.GetByLabel("姓（名字）").FillAsync("﨑山");
            await resident.GetByLabel("名（名前）").FillAsync("トメ");
            await resident.GetByLabel("せい").FillAsync("さきやま");
            await resident.GetByLabel("めい").FillAsync("とめ");
            await resident.GetByLabel("電話番号", new() { Exact = true }).FillAsync("0551-23-9876");
            await resident.GetByLabel("お申し込みの確認や講座の連絡のために").CheckAsync();
            await resident.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("集まりのリーダーに知らせてよい") }).CheckAsync();
            await resident.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();
            await Assertions.Expect(resident.GetByTestId("slip-status")).ToContainTextAsync("参加が決まりました");
        });

        // The day: ten minutes after the session began. The sign-in of December has long run out.
        _time.SetUtcNow(PlannedStart.AddMinutes(10));
        var tablet = await _browser.NewPageAsync(baseUrl, WideTablet);
        await Browser.ScenarioAsync(tablet, "month-attendance", async () =>
        {
            await tablet.GotoAsync("/Account/Login");
            await SignInAsync(tablet);
            await tablet.GotoAsync($"/Lead/Sessions/{planned.Id}");
            // She agreed on the form: the leader has her number for the day (beside the club's members booked for every session).
            await Assertions.Expect(tablet.GetByTestId("registrant").Filter(new() { HasText = "﨑山" }).GetByTestId("registrant-phone")).ToHaveTextAsync("0551-23-9876");
            await tablet.GetByTestId("take-attendance").ClickAsync();
            await tablet.GetByRole(AriaRole.Group, new() { Name = "﨑山 トメさんの出欠" }).GetByRole(AriaRole.Button, new() { Name = "出席", Exact = true }).ClickAsync();
            await Assertions.Expect(tablet.GetByTestId("marked")).ToContainTextAsync("記録済み 1 /");
            // A neighbour came without booking: added at the door, marked present.
            var walkIn = tablet.GetByTestId("walk-in");
            await walkIn.GetByLabel("姓（名字）").FillAsync("𠮷田");
            await walkIn.GetByLabel("名（名前）").FillAsync("一郎");
            await walkIn.GetByLabel("せい").FillAsync("よしだ");
            await walkIn.GetByLabel("めい").FillAsync("いちろう");
            await walkIn.GetByLabel("電話番号", new() { Exact = true }).FillAsync("0551-24-1111");
            await walkIn.GetByRole(AriaRole.Button, new() { Name = "当日参加として登録して出席にする" }).ClickAsync();
            await Assertions.Expect(tablet.GetByTestId("marked")).ToContainTextAsync("記録済み 2 /");
            await Browser.ScreenshotAsync(tablet, "month-roster-tablet-ja");
        });

        // After it: the coordinator's summary of the group's month and the fiscal year's report count her.
        _time.SetUtcNow(PlannedStart.AddHours(3));
        var office = await _browser.NewPageAsync(baseUrl, WideTablet);
        await Browser.ScenarioAsync(office, "month-report", async () =>
        {
            await Browser.SignInAsAdminAsync(office);
            await office.GotoAsync("/Staff/Leaders");
            var club = office.GetByTestId("overseen-group").Filter(new() { HasText = LeaderGroupsSeed.ClubName });
            // January: the 13th and the 27th held, two people at the 27th, one of them at the door.
            await Assertions.Expect(club.GetByTestId("month-held")).ToHaveTextAsync("2回");
            await Assertions.Expect(club.GetByTestId("month-attended")).ToContainTextAsync("2人");
            await Assertions.Expect(club.GetByTestId("month-attended")).ToContainTextAsync("当日参加 1人");
            await Assertions.Expect(club.GetByTestId("month-pending")).ToContainTextAsync("0件");
            await office.GotoAsync("/Staff/Reports");
            var byProgram = office.GetByTestId("chart").Nth(1).Locator("tr").Filter(new() { HasText = LeaderGroupsSeed.ClubName });
            await Assertions.Expect(byProgram.Locator("td").Nth(1)).ToHaveTextAsync("2");
            await Assertions.Expect(byProgram.Locator("td").Nth(2)).ToHaveTextAsync("2");
            await Browser.ScreenshotAsync(office, "month-report-tablet-ja");
        });

        var marks = await _app.WithDbAsync(db => db.Attendance.Where(a => a.SessionId == planned.Id).OrderBy(a => a.Id)
            .Select(a => new { a.Registration!.Person!.FamilyName, a.Registration.Channel }).ToListAsync());
        Assert.Equal([("﨑山", Training.People.ContactChannel.Web), ("𠮷田", Training.People.ContactChannel.WalkIn)], marks.Select(m => (m.FamilyName, m.Channel)));
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GetByLabel("メールアドレス").FillAsync(LeaderEmail);
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(LeaderPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
    }
}
