using System.Net;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

public sealed class AccessTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    [Theory]
    [InlineData("/Staff")]
    [InlineData("/Staff/Emails")]
    [InlineData("/Staff/Emails/Test")]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/jobs/enqueued")]
    public async Task Anonymous_requests_to_staff_pages_are_sent_to_sign_in(string path)
    {
        var client = _app.CreateBrowserLikeClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
        Assert.Contains(Uri.EscapeDataString(path), response.Headers.Location.Query);
    }

    [Fact]
    public async Task The_admin_signs_in_and_sees_the_dashboard_and_the_hangfire_dashboard()
    {
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var dashboard = await client.GetAsync("/Staff");
        var hangfire = await client.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("ダッシュボード", await dashboard.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, hangfire.StatusCode);
        Assert.Contains("Recurring Jobs", await hangfire.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_coordinator_is_refused_the_hangfire_dashboard_and_the_admin_only_test_mail_page()
    {
        await StaffSignInClient.CreateCoordinatorAsync(_app, "coordinator@test.example.jp", "Coordinator-Passw0rd");
        var client = await StaffSignInClient.SignedInClientAsync(_app, "coordinator@test.example.jp", "Coordinator-Passw0rd");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Staff")).StatusCode);
        foreach (var path in new[] { "/hangfire", "/Staff/Emails/Test" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task Public_pages_and_health_are_open_to_everyone()
    {
        var client = _app.CreateBrowserLikeClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
