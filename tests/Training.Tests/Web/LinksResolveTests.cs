using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Configuration;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>
/// Links built by asp-page lead where the hand-written paths led: every link on the main pages answers, and the
/// addresses keep the shape bookmarks, printed slips and the browser tests know.
/// </summary>
public sealed partial class LinksResolveTests(LinksResolveTests.App shared) : IClassFixture<LinksResolveTests.App>
{
    private static readonly DateTime FirstSession = new(2026, 12, 9, 1, 0, 0, DateTimeKind.Utc); // Wed 9 Dec 10:00 in Tokyo

    /// <summary>One app for the class, its clock frozen on that morning (no test moves it).</summary>
    public sealed class App() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2026, 12, 9, 0, 0, 0, TimeSpan.Zero)));

    private readonly TrainingApp _app = shared.App;

    [Fact]
    public async Task Every_link_on_the_dashboard_a_course_a_person_the_schedule_and_a_residents_page_answers()
    {
        var course = await _app.WithDbAsync(db => new CourseBuilder().WithSessions(3, FirstSession).SaveAsync(db));
        var sessionId = course.Sessions.OrderBy(s => s.SequenceNumber).First().Id;
        var person = await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").WithPhone("0551-22-3333").Build();
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person;
        });
        await using (var scope = _app.Scope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<RegistrationService>().RegisterAsync(course.Id, person.Id, ContactChannel.Phone, "staff")).Succeeded);
        var registrationId = await _app.WithDbAsync(db => Task.FromResult(db.Registrations.Single(r => r.PersonId == person.Id).Id));
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var links = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var page in new[] { "/Staff", $"/Staff/Courses/{course.Id}", $"/Staff/People/{person.Id}", "/Schedule", $"/Courses/{course.Id}", $"/My/{person.AccessToken}", "/" })
        {
            var response = await admin.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            links.UnionWith(LocalLinks(page, await response.Content.ReadAsStringAsync()));
        }

        Assert.Superset(new SortedSet<string>(StringComparer.Ordinal)
        {
            "/", "/Schedule", "/Staff", "/Staff/Courses", "/Staff/People", "/Staff/Emails?status=Failed", "/hangfire",
            $"/Staff/Sessions/{sessionId}/Roster", $"/Staff/Sessions/{sessionId}/SignInSheet", $"/Staff/Courses/{course.Id}",
            $"/Staff/Courses/{course.Id}/Edit", $"/Staff/Courses/{course.Id}/Sessions", $"/Staff/Courses/{course.Id}/Cancel",
            $"/Staff/Admin/ImportPeople?courseId={course.Id}", $"/Staff/People/{person.Id}", $"/Staff/People/{person.Id}/Edit",
            $"/Staff/Emails?personId={person.Id}", $"/Courses/{course.Id}", $"/Courses/{course.Id}/Register",
            $"/My/{person.AccessToken}?cancel={registrationId}", $"/My/{person.AccessToken}/calendar.ics", "/calendar.ics",
            "/Schedule/Pdf?month=2026-12",
        }, links);
        var broken = new List<string>();
        foreach (var link in links.Where(l => !l.StartsWith("/Culture", StringComparison.Ordinal)))
        {
            var status = (await admin.GetAsync(link)).StatusCode;
            if (status == HttpStatusCode.NotFound || (int)status >= 500) broken.Add($"{link} → {(int)status}");
        }
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Fact]
    public async Task The_certificate_check_form_sends_its_code_to_the_check_page_itself()
    {
        var html = await _app.CreateClient().GetStringAsync("/verify");

        Assert.Matches("<form method=\"get\"[^>]* action=\"/verify\">", html);
    }

    [Fact]
    public void The_addresses_given_out_in_mails_pdfs_and_qr_codes_are_the_ones_the_pages_answer_at()
    {
        var pages = _app.Services.GetRequiredService<LinkGenerator>();
        string Page(string page, object? values = null) => pages.GetPathByPage(page, values: values)!;
        const string token = "a/b c+d"; // a token that needs escaping is escaped the way routing escapes it

        Assert.Multiple(
            () => Assert.Equal(SiteLinks.Course(7), Page("/Courses/Details", new { id = 7 })),
            () => Assert.Equal(SiteLinks.Register(7, 3), Page("/Courses/Register", new { id = 7, sessionId = 3 })),
            () => Assert.Equal(SiteLinks.ScheduleHome, Page("/Schedule/Index")),
            () => Assert.Equal(SiteLinks.Schedule(2026, 12), Page("/Schedule/Index", new { month = "2026-12" })),
            () => Assert.Equal(SiteLinks.MyPage(token, 4), Page("/My/Index", new { token, done = 4 })),
            () => Assert.Equal(SiteLinks.Recover, Page("/My/Recover")),
            () => Assert.Equal(SiteLinks.Verify(token), Page("/Verify/Index", new { code = token })),
            () => Assert.Equal(SiteLinks.CheckIn(token), Page("/Staff/CheckIn", new { code = token })),
            () => Assert.Equal(SiteLinks.Unsubscribe(token), Page("/Unsubscribe/Index", new { token })),
            () => Assert.Equal(SiteLinks.SetPassword("u1", token), Page("/Account/SetPassword", new { id = "u1", token })),
            () => Assert.Equal(SiteLinks.UnlockSignIn("u1", token), Page("/Account/Unlock", new { id = "u1", token })),
            () => Assert.Equal(SiteLinks.StaffSignIn, Page("/Account/Login")),
            () => Assert.Equal(SiteLinks.TwoFactorSetup, Page("/Account/TwoFactor")),
            () => Assert.Equal(SiteLinks.StaffPerson(5), Page("/Staff/People/Details", new { id = 5 })),
            () => Assert.Equal(SiteLinks.StaffCourse(7), Page("/Staff/Courses/Details", new { id = 7 })),
            () => Assert.Equal(SiteLinks.StaffCourseSessions(7), Page("/Staff/Courses/Sessions", new { id = 7 })),
            () => Assert.Equal(SiteLinks.StaffRoster(9), Page("/Staff/Sessions/Roster", new { id = 9 })));
    }

    /// <summary>The addresses of the links on a page that stay on the site, as path and query, without a fragment.</summary>
    private static IEnumerable<string> LocalLinks(string page, string html) =>
        Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(href => !href.StartsWith('#') && !href.StartsWith("//", StringComparison.Ordinal) && !Regex.IsMatch(href, "^[a-z]+:"))
            .Select(href => new Uri(new Uri(new Uri("http://localhost"), page), href).PathAndQuery);

    [GeneratedRegex("<a [^>]*href=\"([^\"]*)\"")]
    private static partial Regex Href();
}
