using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>Headers that keep pages out of frames and personal data out of caches, and links that nobody can forge.</summary>
public sealed class SecurityHeadersTests(SecurityHeadersTests.App shared) : IClassFixture<SecurityHeadersTests.App>
{
    private static Dictionary<string, string?> Settings() => new() { ["Site:PublicBaseUrl"] = "https://training.example.jp/" };

    /// <summary>One app for the class, on its public address; each test reads what it wrote or the pages alone.</summary>
    public sealed class App() : SharedApp(Settings(), null);

    private readonly TrainingApp _app = shared.App;

    [Fact]
    public async Task The_jobs_dashboard_has_a_content_policy_and_cannot_be_framed()
    {
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var response = await admin.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Person_pages_and_their_exports_are_never_stored_by_a_browser_or_proxy()
    {
        var personId = await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Build();
            person.RefreshKeys();
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        foreach (var url in new[] { $"/Staff/People/{personId}", $"/Staff/People/{personId}?handler=Export&format=csv", "/Staff/Calls?handler=Pdf", "/Staff/Reports" })
        {
            var response = await admin.GetAsync(url);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url} answered {(int)response.StatusCode} without no-store");
        }
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_secure_when_the_request_came_over_https()
    {
        // A real server, behind the proxy: Kestrel is chosen before an app starts, so an app of its own.
        using var app = new TrainingApp(Settings());
        using var proxy = new HttpClient { BaseAddress = new Uri(app.StartKestrel()) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        var response = await proxy.SendAsync(request);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("training.af="));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_OpenAPI_server_comes_from_the_configured_address_not_the_host_header()
    {
        var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "evil.example";

        var json = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        var servers = json.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()).ToList();
        Assert.Equal(["https://training.example.jp"], servers);
    }
}
