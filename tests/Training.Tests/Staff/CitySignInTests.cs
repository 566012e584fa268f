using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Staff;

/// <summary>Staff sign in through the city's identity provider — a real OpenID Connect provider on loopback.</summary>
public sealed class CitySignInTests(CitySignInTests.CityProvider city) : IClassFixture<CitySignInTests.CityProvider>, IAsyncLifetime
{
    private const string Callback = "http://localhost/signin-city";
    private LoopbackOidcProvider _provider = null!;
    private TrainingApp _app = null!;

    /// <summary>The provider, started once for the class (its keys and first answers take a while: it is warmed up before
    /// the first test): it keeps no session, and each test says who is signed in there before it goes there.</summary>
    public sealed class CityProvider : IAsyncLifetime
    {
        public LoopbackOidcProvider Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await LoopbackOidcProvider.StartAsync(Callback);

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    public Task InitializeAsync()
    {
        _provider = city.Server;
        _app = new TrainingApp(_provider.AppSettings());
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A coordinator the administrator made, who never set a password here.</summary>
    private async Task<string> CoordinatorWithoutPasswordAsync(string email)
    {
        await using var scope = _app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = email, Email = email, DisplayName = "市役所 小林", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        await users.AddToRoleAsync(user, StaffRoles.Coordinator);
        return user.Id;
    }

    /// <summary>Login page → the button → the provider → back to the app; returns the app's last answer.</summary>
    private async Task<HttpResponseMessage> SignInThroughCityAsync(HttpClient browser)
    {
        var login = await browser.GetStringAsync("/Account/Login");
        Assert.Contains("data-testid=\"city-sign-in\"", login);
        var start = await browser.PostAsync("/Account/CitySignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(login),
        }));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.StartsWith(_provider.Authority + "connect/authorize", start.Headers.Location!.AbsoluteUri);

        var answer = await _provider.Browser.GetAsync(start.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith(Callback, answer.Headers.Location!.AbsoluteUri);

        var callback = await browser.GetAsync(answer.Headers.Location.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return await browser.GetAsync(callback.Headers.Location!.OriginalString);
    }

    private Task<int> StaffCountAsync() => _app.WithDbAsync(db => db.Users.CountAsync());

    [Fact]
    public async Task A_known_staff_email_signs_in_without_a_password_here()
    {
        await CoordinatorWithoutPasswordAsync("kobayashi@city.example.jp");
        _provider.SignedIn = new("entra-0001", "Kobayashi@City.example.jp");
        var browser = _app.CreateBrowserLikeClient();

        var done = await SignInThroughCityAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/Staff", done.Headers.Location!.OriginalString);
        var dashboard = await browser.GetAsync("/Staff");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var own = await browser.GetStringAsync("/Account/Manage");
        Assert.Contains("ログインしました（市の認証）", own);
    }

    [Fact]
    public async Task A_groups_leader_signs_in_through_the_city_and_lands_on_their_groups_page_not_the_staff_pages()
    {
        var seed = await Training.Tests.Leaders.LeaderGroupsSeed.SaveAsync(_app);
        await using (var scope = _app.Scope())
            Assert.IsType<Training.Leaders.LeaderChange.Done>(await scope.ServiceProvider.GetRequiredService<Training.Leaders.GroupLeaders>().InviteAsync(seed.ClubGroup,
                new Training.Leaders.LeaderInput { DisplayName = "髙橋 良子", Email = "takahashi@city.example.jp" }, Training.Courses.ProgramReach.Everything,
                new Training.People.Actor(null, "管理者"), sendByEmail: false));
        _provider.SignedIn = new("entra-0009", "takahashi@city.example.jp");
        var browser = _app.CreateBrowserLikeClient();

        var done = await SignInThroughCityAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/Lead", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Lead")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/Staff")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_is_refused_and_nobody_is_created()
    {
        var before = await StaffCountAsync();
        _provider.SignedIn = new("entra-0002", "stranger@city.example.jp");
        var browser = _app.CreateBrowserLikeClient();

        var done = await SignInThroughCityAsync(browser);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var page = await done.Content.ReadAsStringAsync();
        Assert.Contains("このメールアドレスで使える職員アカウントがありません", page);
        Assert.Contains("stranger@city.example.jp", page);
        Assert.Equal(before, await StaffCountAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Staff")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_account_is_refused()
    {
        var id = await CoordinatorWithoutPasswordAsync("former@city.example.jp");
        await using (var scope = _app.Scope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();
            Assert.True((await accounts.DeactivateAsync(id, new Training.People.Actor(null, "管理者"))).Done);
        }
        _provider.SignedIn = new("entra-0003", "former@city.example.jp");
        var browser = _app.CreateBrowserLikeClient();

        var done = await SignInThroughCityAsync(browser);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("このメールアドレスで使える職員アカウントがありません", await done.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Staff")).StatusCode);
        var refused = await _app.WithDbAsync(db => db.SignInAttempts.SingleAsync(a => a.Email == "former@city.example.jp"));
        Assert.Equal((SignInAttemptResult.NotAllowed, SignInMethod.CityProvider), (refused.Result, refused.Method));
    }

    [Fact]
    public async Task An_email_the_provider_has_not_verified_is_refused()
    {
        await CoordinatorWithoutPasswordAsync("kobayashi@city.example.jp");
        _provider.SignedIn = new("entra-0004", "kobayashi@city.example.jp", EmailVerified: false);
        var browser = _app.CreateBrowserLikeClient();

        var done = await SignInThroughCityAsync(browser);

        Assert.Contains("確認済みのメールアドレスが届きませんでした", await done.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Staff")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_cancelled_at_the_provider_says_so()
    {
        _provider.SignedIn = null;
        var browser = _app.CreateBrowserLikeClient();

        var done = await SignInThroughCityAsync(browser);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("市の認証でのログインが完了しませんでした", await done.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_deactivation_ends_a_session_begun_through_the_city()
    {
        var id = await CoordinatorWithoutPasswordAsync("kobayashi@city.example.jp");
        _provider.SignedIn = new("entra-0001", "kobayashi@city.example.jp");
        var browser = _app.CreateBrowserLikeClient();
        await SignInThroughCityAsync(browser);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Staff")).StatusCode);

        await using (var scope = _app.Scope())
            await scope.ServiceProvider.GetRequiredService<StaffAccounts>().DeactivateAsync(id, new Training.People.Actor(null, "管理者"));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/Staff")).StatusCode);
    }
}

/// <summary>The provider cannot be reached when a sign-in starts (down, or answering slower than the back-channel waits).</summary>
public sealed class CitySignInUnreachableTests : IDisposable
{
    private readonly TrainingApp _app = new(new Dictionary<string, string?>
    {
        ["Staff:CitySignIn:Authority"] = $"http://127.0.0.1:{ClosedPort()}/",
        ["Staff:CitySignIn:ClientId"] = LoopbackOidcProvider.ClientId,
        ["Staff:CitySignIn:RequireHttpsMetadata"] = "false",
    });

    public void Dispose() => _app.Dispose();

    /// <summary>A loopback port nothing listens on: connecting is refused at once.</summary>
    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task An_unreachable_provider_is_a_page_that_says_so_not_an_error_page()
    {
        var browser = _app.CreateBrowserLikeClient();
        var login = await browser.GetStringAsync("/Account/Login");

        var start = await browser.PostAsync("/Account/CitySignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(login),
        }));

        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var page = await browser.GetAsync(start.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("市の認証でのログインが完了しませんでした", await page.Content.ReadAsStringAsync());
    }
}

public sealed class CitySignInOffTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Without_a_provider_configured_there_is_no_button_and_no_entry()
    {
        var client = _app.CreateBrowserLikeClient();
        Assert.DoesNotContain("city-sign-in", await client.GetStringAsync("/Account/Login"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Account/CitySignIn")).StatusCode);
    }
}
