using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Web;

/// <summary>No page leaves an error in the browser's console: no missing favicon, no Content-Security-Policy violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CleanConsoleBrowserTests(Browser browser, DemoSite demo)
{
    // The shared demo site: these tests only look at its pages.
    private TrainingApp _app => demo.App;

    [SkippableFact]
    public async Task Public_and_staff_pages_leave_no_console_errors()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(demo.BaseUrl, Browser.Phone);
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"{page.Url}: {message.Text}"); };
        page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");
        page.RequestFailed += (_, request) => errors.Add($"{request.Url}: {request.Failure}");
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Url}: {response.Status}"); };
        var courseId = await _app.WithDbAsync(db => Task.FromResult(db.Courses.Where(c => c.Program!.IsPublic).Select(c => c.Id).First()));

        foreach (var path in new[] { "/", "/Schedule", $"/Courses/{courseId}", $"/Courses/{courseId}/Register", "/Account/Login" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        await Browser.SignInAsAdminAsync(page);
        foreach (var path in new[] { "/Staff", "/Staff/People", "/Staff/Courses", $"/Staff/Courses/{courseId}", $"/Staff/Courses/{courseId}/Edit", "/Staff/Calls" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
