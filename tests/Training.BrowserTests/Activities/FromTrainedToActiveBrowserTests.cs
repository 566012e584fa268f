using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Training.Activities;
using Training.BrowserTests.Infrastructure;
using Training.Organisations;
using Training.People;
using Training.Qualifications;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Activities;

/// <summary>
/// The chain after training, on a tablet: a qualified resident agrees to be suggested on their own page; a coordinator
/// adds a 見守り activity needing the qualification, finds the resident among the candidates with the reasons,
/// introduces them, records that they joined, enters a session; the resident records an activity of their own, the
/// coordinator confirms it; points follow the rule with its monthly cap, and the report counts it all.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FromTrainedToActiveBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_trained_resident_is_matched_introduced_recorded_and_counted_without_leaving_the_product()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var (token, personId, typeName) = await _app.WithDbAsync(async db =>
        {
            var hosaka = new Area { Code = "H", Name = "穂坂地区", NameKana = "ほさかちく" };
            var type = QualificationType.Create("見守りサポーター");
            db.AddRange(hosaka, type);
            var hanako = new PersonBuilder().Named("𠮷田", "花子", "よしだ", "はなこ").WithEmail("hanako@example.jp").InArea(hosaka).BornIn(1950).Build();
            db.People.Add(hanako);
            await db.SaveChangesAsync();
            // Trained: the qualification her completed course granted, valid for two years.
            db.Qualifications.Add(new Qualification { PersonId = hanako.Id, QualificationTypeId = type.Id, GrantedAt = TestClock.UtcNow.AddDays(-30), ExpiresAt = TestClock.UtcNow.AddYears(2) });
            await db.SaveChangesAsync();
            return (hanako.AccessToken, hanako.Id, type.Name);
        });
        await using (var scope = _app.Scope())
        {
            // The city runs points: 100 a visit for 見守り, at most 150 a month.
            var points = scope.ServiceProvider.GetRequiredService<Points>();
            await points.SetEnabledAsync(true, Actor.System);
            var kind = await _app.WithDbAsync(db => db.ActivityKinds.Where(k => k.Name == "見守り").Select(k => k.Id).SingleAsync());
            Assert.IsType<PointRuleChange.Saved>(await points.SaveRuleAsync(
                new PointRuleInput { KindId = kind, FromFiscalYear = 2026, Mode = PointMode.PerVisit, PointsPerVisit = 100, MonthCap = 150 }, true, Actor.System));
        }
        var staff = await browser.NewPageAsync(baseUrl, Browser.Tablet);
        var resident = await browser.NewPageAsync(baseUrl, Browser.Tablet);

        await Browser.ScenarioAsync(resident, "chain-consent", async () =>
        {
            await resident.GotoAsync($"/My/{token}/Helper");
            await resident.GetByTestId("my-consent-ActivitySuggestions").GetByRole(AriaRole.Button, new() { Name = "同意する" }).ClickAsync();
            await Assertions.Expect(resident.GetByTestId("my-consent-ActivitySuggestions")).ToContainTextAsync("いまは「同意する」になっています。");
        });

        await Browser.ScenarioAsync(staff, "chain-activity", async () =>
        {
            await Browser.SignInAsAdminAsync(staff);
            await staff.GotoAsync("/Staff/Activities/Create");
            await staff.GetByLabel("活動の名前").FillAsync("穂坂ふれあい見守り隊");
            await staff.GetByLabel("ふりがな", new() { Exact = true }).FillAsync("ほさかふれあいみまもりたい");
            await staff.GetByLabel("種類", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "見守り" });
            await staff.GetByLabel("地区", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "穂坂地区" });
            await staff.GetByLabel("いつ（定例の日時）").FillAsync("毎週土曜の午前");
            await staff.GetByLabel("問い合わせ先（名前）").FillAsync("穂坂地区社協");
            await staff.GetByLabel("問い合わせ先（電話）").FillAsync("0551-22-7000");
            await staff.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
            var need = staff.GetByTestId("add-need");
            await need.GetByLabel("何人ほしいか").FillAsync("2");
            await need.GetByLabel("必要な資格（任意）").SelectOptionAsync(new SelectOptionValue { Label = typeName });
            await need.GetByRole(AriaRole.Button, new() { Name = "加える" }).ClickAsync();

            await staff.GetByTestId("find-candidates").ClickAsync();
            var candidate = staff.Locator("li, article").Filter(new() { HasText = "𠮷田 花子" }).Last;
            await Assertions.Expect(candidate).ToContainTextAsync(typeName);
            await Browser.ScreenshotAsync(staff, "chain-candidates-tablet-ja");
            await candidate.GetByRole(AriaRole.Link, new() { Name = "この方に紹介する" }).ClickAsync();
            await Assertions.Expect(staff.GetByTestId("who-is-told")).ToContainTextAsync("登録のメールアドレスへ活動の紹介");
            await staff.GetByRole(AriaRole.Button, new() { Name = "紹介する" }).ClickAsync();
            await staff.GetByTestId("outcome-form").GetByLabel("参加した").CheckAsync();
            await staff.GetByTestId("outcome-form").GetByRole(AriaRole.Button, new() { Name = "記録する" }).ClickAsync();
        });
        var introduction = await _app.WithDbAsync(db => db.Introductions.SingleAsync(i => i.PersonId == personId));
        Assert.Equal(IntroductionOutcome.Joined, introduction.Outcome);
        Assert.Equal(1, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "activity-introduction" && e.ToAddress == "hanako@example.jp")));

        await Browser.ScenarioAsync(staff, "chain-session", async () =>
        {
            await staff.GotoAsync($"/Staff/Activities/{introduction.LocalActivityId}/Records/Session");
            await staff.Locator("#date").FillAsync("2026-12-05");
            await staff.Locator("#start").FillAsync("09:00");
            await staff.Locator("#hours").SelectOptionAsync("2");
            await staff.GetByLabel("名前・ふりがなで探す").FillAsync("よしだ");
            await staff.GetByRole(AriaRole.Button, new() { Name = "探す" }).ClickAsync();
            await staff.GetByRole(AriaRole.Button, new() { Name = "加える" }).First.ClickAsync();
            var row = staff.GetByTestId("session-row").Filter(new() { HasText = "𠮷田 花子" });
            await row.GetByRole(AriaRole.Checkbox).CheckAsync();
            await row.GetByLabel("訪問の回数").FillAsync("2");
            await Browser.ScreenshotAsync(staff, "chain-session-tablet-ja");
            await staff.GetByTestId("save").ClickAsync();
        });

        await Browser.ScenarioAsync(resident, "chain-own-record", async () =>
        {
            await resident.GotoAsync($"/My/{token}");
            var form = resident.GetByTestId("my-record-form");
            await form.GetByLabel("活動名").SelectOptionAsync(new SelectOptionValue { Label = "穂坂ふれあい見守り隊" });
            await form.GetByLabel("活動した日").FillAsync("2026-12-06");
            await form.GetByLabel("始めた時刻").FillAsync("09:00");
            await form.Locator("#record-hours").SelectOptionAsync("1");
            await form.GetByLabel("訪問の回数（任意）").FillAsync("1");
            await form.GetByRole(AriaRole.Button, new() { Name = "記録を送る" }).ClickAsync();
            await Assertions.Expect(resident.GetByTestId("my-record").Filter(new() { HasText = "確認待ち" })).ToHaveCountAsync(1);
        });

        await Browser.ScenarioAsync(staff, "chain-confirm-and-count", async () =>
        {
            await staff.GotoAsync("/Staff/Activities/Pending");
            await staff.GetByRole(AriaRole.Button, new() { Name = "記録を確認する" }).First.ClickAsync();
            await staff.GotoAsync($"/Staff/People/{personId}");
            // 200 for two visits cut to 150 by the monthly cap; the next day's 100 is over the cap too.
            await Assertions.Expect(staff.GetByTestId("points-balance")).ToContainTextAsync("150ポイント");
            await staff.GotoAsync("/Staff/Reports");
            var byKind = staff.GetByTestId("activity-table").Nth(2).Locator("tr").Filter(new() { HasText = "見守り" });
            await Assertions.Expect(byKind.Locator("td").Nth(0)).ToHaveTextAsync("1");
            await Assertions.Expect(byKind.Locator("td").Nth(1)).ToHaveTextAsync("2");
            await Browser.ScreenshotAsync(staff, "chain-report-tablet-ja");
        });

        var records = await _app.WithDbAsync(db => db.ActivityRecords.Where(r => r.PersonId == personId).OrderBy(r => r.Date).ToListAsync());
        Assert.Equal([(RecordSource.Staff, 2), (RecordSource.Helper, 1)], records.Select(r => (r.Source, r.Visits)));
        Assert.All(records, r => Assert.True(r.Counts));
        Assert.Equal(150, await _app.WithDbAsync(db => db.PointAwards.Where(a => a.PersonId == personId).SumAsync(a => a.Points)));
    }
}
