using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.BrowserTests.Infrastructure;
using Training.Tests.Infrastructure;

namespace Training.BrowserTests.Web;

/// <summary>
/// Every page, public and staff, in Japanese and in English, on a 390 × 844 phone: each control at least 44 px tall
/// with 16 px text, nothing wider than the screen, no console error, and in English no Japanese left beside the names and data.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhonePagesBrowserTests(Browser browser, DemoSite demo)
{
    // The shared demo site: these tests only look at its pages.
    private TrainingApp _app => demo.App;

    private sealed record Ids(int Course, int Activity, int Session, int Person, string Token, int Program, int Organisation, int Qualification,
        string StaffUser, int? Certificate);

    private async Task<Ids> DemoIdsAsync() => await _app.WithDbAsync(async db =>
    {
        var person = await db.Registrations.Where(r => r.Status != Training.Registrations.RegistrationStatus.Cancelled)
            .Select(r => new { r.PersonId, r.Person!.AccessToken, r.CourseId }).FirstAsync();
        return new Ids(
            person.CourseId,
            await db.Courses.Where(c => c.Program!.Kind == Training.Courses.ProgramKind.Activity).Select(c => c.Id).FirstAsync(),
            await db.Sessions.Where(s => s.CourseId == person.CourseId).Select(s => s.Id).FirstAsync(),
            person.PersonId, person.AccessToken,
            await db.Programs.Select(p => p.Id).FirstAsync(),
            await db.Organisations.Select(o => o.Id).FirstAsync(),
            await db.QualificationTypes.Select(q => q.Id).FirstAsync(),
            await db.Users.Select(u => u.Id).FirstAsync(),
            await db.Certificates.Select(c => (int?)c.Id).FirstOrDefaultAsync());
    });

    private static IEnumerable<string> PublicPages(Ids ids) =>
    [
        "/", "/Schedule", "/Schedule?view=calendar", $"/Courses/{ids.Course}", $"/Courses/{ids.Course}/Register",
        $"/Courses/{ids.Activity}", $"/Courses/{ids.Activity}/Register", $"/My/{ids.Token}", "/My/Recover", "/My/not-a-link",
        "/Verify", "/Account/Login",
    ];

    private static IEnumerable<string> StaffPages(Ids ids) =>
    new[]
    {
        "/Staff", "/Staff/Courses", "/Staff/Courses/Create", $"/Staff/Courses/{ids.Course}", $"/Staff/Courses/{ids.Activity}",
        $"/Staff/Courses/{ids.Course}/Edit", $"/Staff/Courses/{ids.Course}/Cancel", $"/Staff/Courses/{ids.Course}/Sessions",
        $"/Staff/Courses/{ids.Course}/Completions", $"/Staff/Courses/{ids.Course}/ImportAttendance",
        $"/Staff/Courses/{ids.Course}/Message", $"/Staff/Courses/{ids.Course}/Message?sessionId={ids.Session}", $"/Staff/Courses/{ids.Course}/Participants",
        $"/Staff/Sessions/{ids.Session}/Roster", $"/Staff/Sessions/{ids.Session}/Edit",
        "/Staff/People", $"/Staff/People/{ids.Person}", $"/Staff/People/{ids.Person}/Edit",
        "/Staff/Programs", $"/Staff/Programs/Edit/{ids.Program}", "/Staff/Programs/Edit", $"/Staff/Programs/{ids.Program}/Grant", $"/Staff/Programs/{ids.Program}/Leaders",
        $"/Staff/Courses/Create?copyFrom={ids.Course}",
        "/Staff/Calls", "/Staff/Emails", "/Staff/Emails/Test", "/Staff/Reports", "/Staff/Supporters",
        "/Staff/Activities/Pending", "/Staff/Activities/Reengage",
        "/Staff/Certificates", "/Staff/Certificates?review=true",
        "/Staff/Admin/Staff", "/Staff/Admin/Staff/Create", $"/Staff/Admin/Staff/Edit/{ids.StaffUser}",
        "/Staff/Admin/Areas", "/Staff/Admin/Organisations", $"/Staff/Admin/Organisations/Edit/{ids.Organisation}",
        "/Staff/Admin/Qualifications", $"/Staff/Admin/Qualifications/Edit/{ids.Qualification}", "/Staff/Admin/ImportPeople",
        "/Staff/Admin/Audit", "/Staff/Admin/SignIns", "/Account/Manage",
        "/Account/TwoFactor", $"/Staff/Admin/Staff/Edit/{ids.StaffUser}/ResetTwoFactor",
    }.Concat(ids.Certificate is { } certificate ? [$"/Staff/Certificates/{certificate}"] : []);

    [SkippableFact]
    public async Task Every_page_fits_a_phone_in_Japanese_and_in_English()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(demo.BaseUrl, Browser.Phone);
        var ids = await DemoIdsAsync();
        var data = await _app.WithDbAsync(PhoneChecks.DataTextsAsync);
        var problems = new List<string>();
        // No page leaves an error in the console either (a Content-Security-Policy violation, a missing file).
        page.Console += (_, message) => { if (message.Type == "error" && !message.Text.Contains("404")) problems.Add($"console {page.Url}: {message.Text}"); };
        page.PageError += (_, error) => problems.Add($"script {page.Url}: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/My/not-a-link")) problems.Add($"{response.Status} {response.Url}");
        };

        async Task VisitAsync(IEnumerable<string> paths, string language, bool keepScreenshots = false)
        {
            foreach (var path in paths)
            {
                var response = await page.GotoAsync(path);
                if (response is null || !response.Headers.TryGetValue("content-type", out var type) || !type.StartsWith("text/html"))
                {
                    problems.Add($"{language} {path}: not a page ({response?.Status})");
                    continue;
                }
                if (keepScreenshots)
                    await Browser.ScreenshotAsync(page, $"phone-{language}-{new string(path.Replace(ids.Token, "resident").Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-')}");
                var small = await PhoneChecks.SmallControlsAsync(page);
                if (small.Length > 0) problems.Add($"{language} {path}: " + string.Join("; ", small));
                if (await PhoneChecks.ScrollsSidewaysAsync(page))
                    problems.Add($"{language} {path}: scrolls sideways: " + string.Join(", ", await PhoneChecks.TooWideAsync(page)));
                if (language == "en" && await PhoneChecks.JapaneseLinesAsync(page, data) is { Count: > 0 } japanese)
                    problems.Add($"{language} {path}: Japanese left: " + string.Join(" | ", japanese.Take(8)));
            }
        }

        await Browser.ScenarioAsync(page, "phone-pages", async () =>
        {
            await VisitAsync(PublicPages(ids), "ja", keepScreenshots: true);
            await page.GotoAsync("/Culture?culture=en&returnUrl=/");
            await VisitAsync(PublicPages(ids), "en", keepScreenshots: true);
            await page.GotoAsync("/Culture?culture=ja&returnUrl=/");
            await Browser.SignInAsAdminAsync(page);
            await VisitAsync(StaffPages(ids), "ja");
            await page.GotoAsync("/Culture?culture=en&returnUrl=/Staff");
            await VisitAsync(StaffPages(ids), "en");
        });

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public async Task Every_public_page_holds_at_200_percent_text_on_a_phone_without_sideways_scrolling_or_a_broken_date()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(demo.BaseUrl, Browser.Phone);
        // The phone's own text-size setting (as Android's font scale sets it), not a zoom: the viewport stays 390 px wide.
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Page.enable");
        await cdp.SendAsync("Page.setFontSizes", new Dictionary<string, object> { ["fontSizes"] = new Dictionary<string, object> { ["standard"] = 34, ["fixed"] = 28 } });
        var ids = await DemoIdsAsync();
        var problems = new List<string>();

        foreach (var path in PublicPages(ids).Append($"/Courses/{ids.Activity}/Received"))
        {
            await page.GotoAsync(path);
            var rootPx = await page.EvaluateAsync<double>("parseFloat(getComputedStyle(document.documentElement).fontSize)");
            Assert.True(rootPx >= 36, $"text is {rootPx}px, not 200 %");
            if (await PhoneChecks.ScrollsSidewaysAsync(page))
                problems.Add($"{path}: scrolls sideways: " + string.Join(", ", await PhoneChecks.TooWideAsync(page)));
            // A date is never broken inside: each whole part of one (2026年, 12月17日（木）) sits on one line.
            var broken = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main .nowrap')].filter(e => e.getClientRects().length > 1).map(e => e.textContent).slice(0, 3)
                """);
            if (broken.Length > 0) problems.Add($"{path}: broken inside: " + string.Join(", ", broken));
            if (path.StartsWith("/Courses/") && !path.EndsWith("/Register")) await Browser.ScreenshotAsync(page, "text200-" + path.Replace('/', '-').Trim('-'));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public async Task The_calendar_is_a_list_of_weeks_on_a_phone_and_marks_today_on_its_own_day()
    {
        browser.SkipIfMissing();
        var page = await browser.NewPageAsync(demo.BaseUrl, Browser.Phone);
        await page.GotoAsync("/Schedule?view=calendar");

        Assert.False(await PhoneChecks.ScrollsSidewaysAsync(page));
        var today = page.Locator(".calendar td.today");
        await Assertions.Expect(today).ToHaveCountAsync(1);
        var day = TestClock.UtcNow.AddHours(9).Day.ToString();
        await Assertions.Expect(today.Locator(".calendar__day")).ToContainTextAsync(day);
        await Assertions.Expect(today).ToHaveAttributeAsync("aria-current", "date");
        await Browser.ScreenshotAsync(page, "calendar-phone-ja");
    }
}
