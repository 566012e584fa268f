using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Training.Attendance;
using Training.BrowserTests.Infrastructure;
using Training.Certificates;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Attendance;

[Collection(BrowserCollection.Name)]
public sealed class ExceptionCompletionBrowserTests(Browser browser) : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [SkippableFact]
    public async Task A_coordinator_on_a_tablet_records_an_exception_completion_that_appears_as_特例_in_the_ledger_and_on_the_person_page()
    {
        browser.SkipIfMissing();
        var baseUrl = _app.StartKestrel();
        // Three sessions over the past six weeks, every one required: 西村 came to the first two.
        var courseId = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().WithSessions(3, TestClock.UtcNow.Date.AddDays(-42).AddHours(1)).SaveAsync(db);
            var person = new PersonBuilder().Named("西村", "幸子", "にしむら", "さちこ").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            var registration = new RegistrationBuilder().For(course.Id).Of(person.Id).Build();
            db.Registrations.Add(registration);
            await db.SaveChangesAsync();
            var sessions = course.Sessions.OrderBy(s => s.SequenceNumber).ToList();
            for (var i = 0; i < 3; i++)
                db.Attendance.Add(new AttendanceRecord { SessionId = sessions[i].Id, PersonId = person.Id, RegistrationId = registration.Id,
                    Status = i < 2 ? AttendanceStatus.Present : AttendanceStatus.Absent, Version = 1 });
            await db.SaveChangesAsync();
            return course.Id;
        });
        var page = await browser.NewPageAsync(baseUrl, Browser.Tablet);

        await Browser.ScenarioAsync(page, "exception-completion", async () =>
        {
            await Browser.SignInAsAdminAsync(page);
            await page.GotoAsync($"/Staff/Courses/{courseId}/Completions");
            var notYet = page.GetByTestId("no-longer-possible");
            await notYet.GetByText("特例で修了にする", new() { Exact = true }).ClickAsync();

            // Without a reason: refused, saying what to write.
            await notYet.GetByRole(AriaRole.Button, new() { Name = "西村 幸子さんを特例で修了にする" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("特例にする理由を入力してください");

            await page.GetByLabel("特例にする理由（必ず入力。記録に残ります）").FillAsync("入院のため第3回を欠席。後日、個別に補講した。");
            await page.GetByRole(AriaRole.Button, new() { Name = "西村 幸子さんを特例で修了にする" }).ClickAsync();
            await Assertions.Expect(page.GetByText("西村 幸子さんを特例で修了にしました。")).ToBeVisibleAsync();
            var completed = page.GetByTestId("completed");
            await Assertions.Expect(completed.GetByTestId("exception")).ToHaveTextAsync("特例");
            await Assertions.Expect(completed.GetByTestId("exception-reason")).ToContainTextAsync("入院のため第3回を欠席");
            await Browser.ScreenshotAsync(page, "exception-completion-tablet");
        });

        // What the hourly certificate sweep does once the hold is over.
        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().IssueMissingAsync();
        Assert.NotNull(await _app.WithDbAsync(db => db.Completions.Where(c => c.ExceptionReason != null).Select(c => (int?)c.Id).SingleAsync()));

        await Browser.ScenarioAsync(page, "exception-in-ledger", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "修了証", Exact = true }).ClickAsync();
            var row = page.GetByTestId("ledger").GetByRole(AriaRole.Row).Filter(new() { HasText = "西村 幸子" });
            await Assertions.Expect(row.GetByTestId("exception")).ToHaveTextAsync("特例");
            await Browser.ScreenshotAsync(page, "exception-ledger-tablet");

            await page.GotoAsync($"/Staff/Courses/{courseId}/Completions");
            await page.GetByTestId("completed").GetByRole(AriaRole.Link, new() { Name = "西村 幸子" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("exception").First).ToHaveTextAsync("特例");
            await Browser.ScreenshotAsync(page, "exception-person-tablet");
        });
    }
}
