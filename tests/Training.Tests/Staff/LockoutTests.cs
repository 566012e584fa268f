using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Staff;

/// <summary>No stranger can keep a staff member out: not by failing passwords from many addresses, nor codes, nor by
/// sharing a colleague's address.</summary>
/// <remarks>
/// One app for the class: the throttle counts failures per account and address, so each test signs in to accounts of its
/// own from addresses of its own (the administrator's account is only ever signed in to, never failed, and keeps no second
/// factor). Time is frozen and no test moves it.
/// </remarks>
public sealed partial class LockoutTests(LockoutTests.App shared) : IClassFixture<LockoutTests.App>
{
    /// <summary>The class's app behind the loopback proxy. Frozen time: no delay runs out during a test, so every refusal
    /// seen is the throttle's.</summary>
    public sealed class App : SharedApp
    {
        public App() : base(null, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero))) => BaseUrl = this.App.StartKestrel();

        public string BaseUrl { get; }
    }

    private readonly FakeTimeProvider _time = shared.Time!;
    private readonly TrainingApp _app = shared.App;
    private readonly string _baseUrl = shared.BaseUrl;

    /// <summary>A staff member of this test's own: a coordinator, so that no other test's sign-ins meet their failures.</summary>
    private async Task<string> StaffMemberAsync(string email, string password)
    {
        await StaffSignInClient.CreateCoordinatorAsync(_app, email, password);
        return email;
    }

    /// <summary>A browser behind the loopback proxy at its own address, with its own cookies.</summary>
    private HttpClient BrowserAt(string address)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(_baseUrl) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    /// <param name="network">The first three parts of the bots' addresses, a network of the test's own.</param>
    private async Task FiftyFailuresFromRotatingAddressesAsync(string email, string network)
    {
        // One bot script: it fetches the form once and posts it fifty times, each time from another address (the throttle
        // counts accounts and addresses; a device is known only after a sign-in succeeded).
        using var bot = BrowserAt($"{network}.1");
        var token = StaffSignInClient.AntiforgeryToken(await bot.GetStringAsync("/Account/Login"));
        bot.DefaultRequestHeaders.Remove("X-Forwarded-For");
        for (var i = 0; i < 50; i++)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Email"] = email, ["Input.Password"] = "not-the-password-1", ["__RequestVerificationToken"] = token,
                }),
            };
            post.Headers.Add("X-Forwarded-For", $"{network}.{i + 1}");
            var answer = await bot.SendAsync(post);
            // The form again with the refusal (a missing or wrong token would be 400).
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }

    private static Task<HttpResponseMessage> CodeAsync(HttpClient client, string code) =>
        Forms.PostAsync(client, "/Account/LoginWith2fa", new Dictionary<string, string> { ["Code"] = code });

    [Fact]
    public async Task After_fifty_failures_from_rotating_addresses_the_owner_with_password_and_code_signs_in_on_a_new_device()
    {
        const string password = "Owner-Passw0rd-1";
        var owner = await StaffMemberAsync("owner@test.example.jp", password);
        using var ownDevice = BrowserAt("198.51.100.10");
        Assert.Equal(HttpStatusCode.Redirect, (await StaffSignInClient.PostLoginAsync(ownDevice, owner, password)).StatusCode);
        var key = await StaffSignInClient.StartTwoFactorAsync(ownDevice);
        await Forms.PostAsync(ownDevice, "/Account/TwoFactor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, _time.GetUtcNow()) }, "/Account/TwoFactor?handler=Enable");
        await FiftyFailuresFromRotatingAddressesAsync(owner, "192.0.2");

        using var newDevice = BrowserAt("198.51.100.77");
        var withPassword = await StaffSignInClient.PostLoginAsync(newDevice, owner, password);
        // The code of the next time step: the one used to turn the app on is spent.
        var code = Totp.Code(key, _time.GetUtcNow().AddSeconds(30));
        var signedIn = await CodeAsync(newDevice, code);
        var inside = await newDevice.GetAsync("/Staff");
        using var replay = BrowserAt("198.51.100.78");
        await StaffSignInClient.PostLoginAsync(replay, owner, password);
        var replayed = await CodeAsync(replay, code);

        Assert.Contains("/Account/LoginWith2fa", withPassword.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("コードが違います", await replayed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_password_from_a_new_device_is_still_held_for_an_account_with_a_second_factor()
    {
        const string password = "Held-Passw0rd-1";
        var owner = await StaffMemberAsync("held@test.example.jp", password);
        await using (var scope = _app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByEmailAsync(owner))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        await FiftyFailuresFromRotatingAddressesAsync(owner, "198.18.0");

        using var guesser = BrowserAt("198.51.100.90");
        var guesses = new List<string>();
        for (var i = 0; i < 4; i++) guesses.Add(await (await StaffSignInClient.PostLoginAsync(guesser, owner, $"another-guess-{i}")).Content.ReadAsStringAsync());
        // Then even the right password from that address is held: its guesses counted as failures there.
        var right = await StaffSignInClient.PostLoginAsync(guesser, owner, password);

        Assert.All(guesses, g => Assert.Contains("待ってからもう一度お試しください", g));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task The_emailed_unlock_link_lets_the_owners_new_device_in_once()
    {
        const string password = "Unlock-Passw0rd-1";
        var owner = await StaffMemberAsync("unlock@test.example.jp", password);
        await FiftyFailuresFromRotatingAddressesAsync(owner, "198.18.1");
        using var newDevice = BrowserAt("198.51.100.20");
        var held = await (await StaffSignInClient.PostLoginAsync(newDevice, owner, password)).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"unlock-offer\"", held);

        var asked = await Forms.SubmitAsync(newDevice, held, "/Account/Login?handler=Unlock", new Dictionary<string, string>());
        var mail = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.TemplateName == "staff-unlock" && e.ToAddress == owner));
        var link = new Uri(UnlockLink().Match(mail.TextBody).Value).PathAndQuery;
        var unlockPage = await newDevice.GetStringAsync(link);
        var unlocked = await (await Forms.SubmitAsync(newDevice, unlockPage, link, new Dictionary<string, string>())).Content.ReadAsStringAsync();
        var signedIn = await StaffSignInClient.PostLoginAsync(newDevice, owner, password);
        using var another = BrowserAt("198.51.100.21");
        var again = await (await Forms.SubmitAsync(another, await another.GetStringAsync(link), link, new Dictionary<string, string>())).Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"unlock-requested\"", await asked.Content.ReadAsStringAsync());
        Assert.Equal(owner, mail.ToAddress);
        Assert.Contains("data-testid=\"unlocked\"", unlocked);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("data-testid=\"unlock-refused\"", again);
    }

    [Fact]
    public async Task Asking_for_an_unlock_link_for_an_unknown_address_answers_the_same_and_sends_nothing()
    {
        using var stranger = BrowserAt("203.0.113.9");
        var page = await stranger.GetStringAsync("/Account/Login");
        // The class's tests run one after another: mail written meanwhile is this request's.
        var mailBefore = await _app.WithDbAsync(db => db.OutboundEmails.CountAsync());

        var answer = await Forms.SubmitAsync(stranger, page, "/Account/Login?handler=Unlock", new Dictionary<string, string> { ["email"] = "nobody@test.example.jp" });

        Assert.Contains("data-testid=\"unlock-requested\"", await answer.Content.ReadAsStringAsync());
        Assert.Equal(mailBefore, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync()));
    }

    [Fact]
    public async Task One_accounts_failures_do_not_slow_a_colleague_behind_the_same_address()
    {
        var attacked = await StaffMemberAsync("attacked@test.example.jp", "Attacked-Passw0rd-1");
        await StaffSignInClient.CreateCoordinatorAsync(_app, "colleague@test.example.jp", "Colleague-Passw0rd-1");
        using var attacker = BrowserAt("203.0.113.50");
        for (var i = 0; i < 30; i++) await StaffSignInClient.PostLoginAsync(attacker, attacked, "not-the-password-1");

        using var colleague = BrowserAt("203.0.113.50");
        var signedIn = await StaffSignInClient.PostLoginAsync(colleague, "colleague@test.example.jp", "Colleague-Passw0rd-1");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task Wrong_codes_slow_the_next_code_but_never_lock_or_stop_the_account_and_administrators_see_and_clear_it()
    {
        await StaffSignInClient.CreateCoordinatorAsync(_app, "coder@test.example.jp", "Coder-Passw0rd-1");
        await using (var scope = _app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByEmailAsync("coder@test.example.jp"))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        using var device = BrowserAt("198.51.100.30");
        await StaffSignInClient.PostLoginAsync(device, "coder@test.example.jp", "Coder-Passw0rd-1");
        var answers = new List<string>();
        for (var i = 0; i < 8; i++) answers.Add(await (await CodeAsync(device, "000000")).Content.ReadAsStringAsync());

        using var adminDevice = BrowserAt("198.51.100.31");
        await StaffSignInClient.PostLoginAsync(adminDevice, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        var list = await adminDevice.GetStringAsync("/Staff/Admin/Staff");
        var id = await _app.WithDbAsync(db => db.Users.Where(u => u.Email == "coder@test.example.jp").Select(u => u.Id).SingleAsync());
        var cleared = await Forms.PostAsync(adminDevice, $"/Staff/Admin/Staff/Edit/{id}", new Dictionary<string, string>(), $"/Staff/Admin/Staff/Edit/{id}?handler=ClearFailures");
        var listAfter = await adminDevice.GetStringAsync("/Staff/Admin/Staff");

        Assert.Contains("待ってからもう一度お試しください", answers[^1]);
        await using (var scope = _app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            Assert.False(await users.IsLockedOutAsync((await users.FindByEmailAsync("coder@test.example.jp"))!));
        }
        var row = RowOf(list, "coder@test.example.jp");
        Assert.Contains("data-testid=\"slowed\"", row);
        Assert.DoesNotContain("停止中", row);
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.DoesNotContain("data-testid=\"slowed\"", RowOf(listAfter, "coder@test.example.jp"));
        Assert.Equal(TimeSpan.Zero, await WaitForCodeAsync("coder@test.example.jp"));
    }

    [Fact]
    public async Task Turning_two_factor_off_asks_for_the_password_or_a_current_code()
    {
        const string password = "Switcher-Passw0rd-1";
        var owner = await StaffMemberAsync("switcher@test.example.jp", password);
        using var device = BrowserAt("198.51.100.40");
        await StaffSignInClient.PostLoginAsync(device, owner, password);
        var key = await StaffSignInClient.StartTwoFactorAsync(device);
        await Forms.PostAsync(device, "/Account/TwoFactor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, _time.GetUtcNow()) }, "/Account/TwoFactor?handler=Enable");

        var withSessionAlone = await Forms.PostAsync(device, "/Account/TwoFactor", new Dictionary<string, string>(), "/Account/TwoFactor?handler=Disable");
        var stillOn = await TwoFactorEnabledAsync(owner);
        var withPassword = await Forms.PostAsync(device, "/Account/TwoFactor", new Dictionary<string, string> { ["Proof"] = password }, "/Account/TwoFactor?handler=Disable");

        Assert.Contains("やめていません", await withSessionAlone.Content.ReadAsStringAsync());
        Assert.True(stillOn);
        Assert.Equal(HttpStatusCode.Redirect, withPassword.StatusCode);
        Assert.False(await TwoFactorEnabledAsync(owner));
    }

    private async Task<bool> TwoFactorEnabledAsync(string email)
    {
        await using var scope = _app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        return (await users.FindByEmailAsync(email))!.TwoFactorEnabled;
    }

    /// <summary>The staff list's row of one account, from its address to the end of the row.</summary>
    private static string RowOf(string list, string email)
    {
        var row = list[list.IndexOf(email, StringComparison.Ordinal)..];
        return row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
    }

    private async Task<TimeSpan> WaitForCodeAsync(string email)
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<SignInThrottle>().CodeWaitAsync(email);
    }

    [GeneratedRegex(@"https?://\S+/Account/Unlock\?\S+")]
    private static partial Regex UnlockLink();
}
