using Microsoft.Playwright;
using Training.Attendance;
using Training.BrowserTests.Infrastructure;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Reports;

[Collection(BrowserCollection.Name)]
public sealed class ReportBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task An_admin_opens_this_fiscal_years_report_sees_the_chart_and_downloads_the_XLSX()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(1, TestClock.UtcNow.AddHours(-3)).SaveAsync(db);
            var session = course.Sessions.Single();
            foreach (var name in new[] { "和子", "花子", "進" })
            {
                var person = new PersonBuilder().Named("山田", name, "やまだ", "はなこ").Build();
                db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(person).RegisteredAt(TestClock.UtcNow.AddDays(-7)).Build());
                db.Attendance.Add(new AttendanceRecord { SessionId = session.Id, Person = person, Status = AttendanceStatus.Present, RecordedAt = TestClock.UtcNow });
            }
            await db.SaveChangesAsync();
        });
        var page = await browser.NewPageAsync(baseUrl, Browser.Tablet);

        await Browser.ScenarioAsync(page, "report", async () =>
        {
            await Browser.SignInAsAdminAsync(page);

            await page.GetByRole(AriaRole.Link, new() { Name = "実績", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("attendances")).ToHaveTextAsync("3");
            await Assertions.Expect(page.Locator(".chart__bar.bar-w100").First).ToBeVisibleAsync();
            await Browser.ScreenshotAsync(page, "report-tablet");
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-xlsx").ClickAsync());
            Assert.EndsWith(".xlsx", download.SuggestedFilename);
            var path = await download.PathAsync();
            Assert.True(new FileInfo(path!).Length > 1000);
        });
    }
}
