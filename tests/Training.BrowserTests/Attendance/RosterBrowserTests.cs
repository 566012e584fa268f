using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.Attendance;
using Training.BrowserTests.Infrastructure;
using Training.Courses;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Attendance;

[Collection(BrowserCollection.Name)]
public sealed class RosterBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_coordinator_on_a_tablet_records_attendance_and_sees_the_completion_appear()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        // Three sessions in the past few weeks; the participant attended the first two.
        var lastSessionId = await _app.WithDbAsync(async db =>
        {
            // The last ended an hour ago (a completion is recorded only once the session that earns it has ended), its
            // register typed in afterwards, whatever the hour the test runs.
            var lastStart = TestClock.UtcNow.AddHours(-3);
            var course = await new CourseBuilder().WithSessionsAt(lastStart.AddDays(-14), lastStart.AddDays(-7), lastStart)
                .CompletedBy(CompletionRuleKind.AllSessions).SaveAsync(db);
            var sessions = await db.Sessions.Where(s => s.CourseId == course.Id).OrderBy(s => s.SequenceNumber).ToListAsync();
            foreach (var (family, kana) in new[] { ("山﨑", "やまざき"), ("浅川", "あさかわ") })
            {
                var person = new PersonBuilder().Named(family, "和子", kana, "かずこ").Build();
                db.People.Add(person);
                await db.SaveChangesAsync();
                var registration = new RegistrationBuilder().For(course.Id).Of(person.Id).Build();
                db.Registrations.Add(registration);
                await db.SaveChangesAsync();
                foreach (var s in sessions.Take(2))
                    db.Attendance.Add(new AttendanceRecord { SessionId = s.Id, PersonId = person.Id, RegistrationId = registration.Id, Status = AttendanceStatus.Present, Version = 1 });
            }
            await db.SaveChangesAsync();
            return sessions[2].Id;
        });
        var page = await browser.NewPageAsync(baseUrl, Browser.Tablet);

        await Browser.ScenarioAsync(page, "roster", async () =>
        {
            await Browser.SignInAsAdminAsync(page);
            await page.GotoAsync($"/Staff/Sessions/{lastSessionId}/Roster");

            var yamazaki = page.GetByRole(AriaRole.Group, new() { Name = "山﨑 和子さんの出欠" });
            await yamazaki.GetByRole(AriaRole.Button, new() { Name = "出席", Exact = true }).ClickAsync();

            await Assertions.Expect(page.GetByText("山﨑 和子：出席（修了しました）")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#person-" + await PersonIdAsync("山﨑")).GetByText("修了", new() { Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("marked")).ToHaveTextAsync("記録済み 1 / 2人");
            await Browser.ScreenshotAsync(page, "roster-tablet");
        });
        Assert.Equal(1, await _app.WithDbAsync(db => db.Completions.CountAsync()));
    }

    [SkippableFact]
    public async Task Without_javascript_a_memo_typed_on_one_row_is_kept_when_another_rows_mark_is_tapped()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        var sessionId = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(1, TestClock.UtcNow.AddHours(-2)).SaveAsync(db);
            foreach (var (family, kana) in new[] { ("山﨑", "やまざき"), ("浅川", "あさかわ") })
            {
                var person = new PersonBuilder().Named(family, "和子", kana, "かずこ").Build();
                db.People.Add(person);
                await db.SaveChangesAsync();
                db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person.Id).Build());
            }
            await db.SaveChangesAsync();
            return await db.Sessions.Where(s => s.CourseId == course.Id).Select(s => s.Id).SingleAsync();
        });
        // A tablet whose browser runs no script at all: the roster must work as plain HTML.
        var context = await browser.Instance!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl, ViewportSize = Browser.Tablet, Locale = "ja-JP", TimezoneId = "Asia/Tokyo", JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();

        await Browser.ScenarioAsync(page, "roster-memo", async () =>
        {
            await Browser.SignInAsAdminAsync(page);
            await page.GotoAsync($"/Staff/Sessions/{sessionId}/Roster");
            await page.GetByLabel("浅川 和子さんのメモ", new() { Exact = true }).FillAsync("遅れると電話あり");
            var yamazaki = page.GetByRole(AriaRole.Group, new() { Name = "山﨑 和子さんの出欠" });
            await yamazaki.GetByRole(AriaRole.Button, new() { Name = "出席", Exact = true }).ClickAsync();

            await Assertions.Expect(page.GetByText("山﨑 和子：出席")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText("メモを保存しました（浅川 和子）。")).ToBeVisibleAsync();
            await page.ReloadAsync();
            await Assertions.Expect(page.GetByLabel("浅川 和子さんのメモ", new() { Exact = true })).ToHaveValueAsync("遅れると電話あり");
            await Browser.ScreenshotAsync(page, "roster-memo-tablet");
        });
        await context.CloseAsync();
        var asakawa = await PersonIdAsync("浅川");
        Assert.Equal("遅れると電話あり", await _app.WithDbAsync(db => db.RosterNotes.Where(n => n.PersonId == asakawa).Select(n => n.Note).SingleAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Attendance.CountAsync()));
    }

    private Task<int> PersonIdAsync(string family) => _app.WithDbAsync(db => db.People.Where(p => p.FamilyName == family).Select(p => p.Id).SingleAsync());
}
