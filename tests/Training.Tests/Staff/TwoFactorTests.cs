using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Training.Staff;
using Training.Tests.Infrastructure;

namespace Training.Tests.Staff;

/// <summary>
/// Sign-in with an authenticator app: looking at its page changes nothing, a code works once, and an administrator can
/// reset a colleague's after a lost phone (confirmed first, audited, the colleague told by email).
/// </summary>
/// <remarks>
/// One app for the tests that leave the clock where it is, each with a colleague of its own; a test that moves the clock
/// (a code's time step, a session's next request) keeps an app of its own.
/// </remarks>
public sealed class TwoFactorTests(TwoFactorTests.App shared) : IClassFixture<TwoFactorTests.App>
{
    private const string ColleagueEmail = "colleague@test.example.jp";
    private const string ColleaguePassword = "Yatsugatake-Ridge-58";

    public sealed class App() : SharedApp(null, Frozen());

    // Frozen time, so a test says exactly which time step's code it types.
    private static FakeTimeProvider Frozen() => new(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));

    private FakeTimeProvider _time = shared.Time!;
    private TrainingApp _app = shared.App;

    /// <summary>An app of this test's own, for a test that moves the clock.</summary>
    private TrainingApp OwnApp()
    {
        var app = new TrainingApp(time: Frozen());
        (_app, _time) = (app, app.Time!);
        return app;
    }

    /// <summary>
    /// The next request of a session, a moment later: the security stamp is checked on every request, as time moves on
    /// (frozen time would skip the check).
    /// </summary>
    private Task<HttpResponseMessage> NextRequestAsync(HttpClient session, string path)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        return session.GetAsync(path);
    }

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    private async Task<T> WithUsersAsync<T>(Func<UserManager<StaffUser>, Task<T>> read)
    {
        await using var scope = _app.Scope();
        return await read(scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>());
    }

    private Task<StaffUser> UserAsync(string email) => WithUsersAsync(async users => (await users.FindByEmailAsync(email))!);

    /// <summary>Turns the authenticator app on as its owner does on the page; returns the key the app was given.</summary>
    private async Task<string> TurnOnAsync(HttpClient owner)
    {
        var key = await StaffSignInClient.StartTwoFactorAsync(owner);
        var enabled = await Forms.PostAsync(owner, "/Account/TwoFactor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, _time.GetUtcNow()) },
            "/Account/TwoFactor?handler=Enable");
        Assert.Contains("data-testid=\"recovery-codes\"", await enabled.Content.ReadAsStringAsync());
        return key;
    }

    /// <summary>Password, then the code, on a browser of its own; the answer to the code.</summary>
    private async Task<HttpResponseMessage> SignInWithCodeAsync(string email, string password, string code)
    {
        var browser = _app.CreateBrowserLikeClient();
        var first = await StaffSignInClient.PostLoginAsync(browser, email, password);
        Assert.Contains("/Account/LoginWith2fa", first.Headers.Location!.OriginalString);
        return await Forms.PostAsync(browser, "/Account/LoginWith2fa", new Dictionary<string, string> { ["Code"] = code });
    }

    [Fact]
    public async Task Opening_the_two_factor_page_changes_nothing_and_no_other_session_ends_until_the_app_is_turned_on()
    {
        // Its own app: it moves the clock.
        using var app = OwnApp();
        var here = await AdminAsync();
        var elsewhere = await AdminAsync();
        var before = await UserAsync(TrainingApp.AdminEmail);

        var opened = await here.GetStringAsync("/Account/TwoFactor");
        var afterOpening = await UserAsync(TrainingApp.AdminEmail);
        var keyAfterOpening = await WithUsersAsync(users => users.GetAuthenticatorKeyAsync(afterOpening));
        var elsewhereAfterOpening = await NextRequestAsync(elsewhere, "/Staff");

        var key = await StaffSignInClient.StartTwoFactorAsync(here);
        var afterStarting = await UserAsync(TrainingApp.AdminEmail);
        var elsewhereAfterStarting = await NextRequestAsync(elsewhere, "/Staff");
        var shownAgain = await here.GetStringAsync("/Account/TwoFactor");

        await Forms.PostAsync(here, "/Account/TwoFactor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, _time.GetUtcNow()) }, "/Account/TwoFactor?handler=Enable");
        var elsewhereAfterTurningOn = await NextRequestAsync(elsewhere, "/Staff");
        var hereAfterTurningOn = await NextRequestAsync(here, "/Staff");

        Assert.Contains("設定を始める", opened);
        Assert.DoesNotContain("data-testid=\"authenticator-key\"", opened);
        Assert.Null(keyAfterOpening);
        Assert.Equal(before.SecurityStamp, afterOpening.SecurityStamp);
        Assert.Equal(HttpStatusCode.OK, elsewhereAfterOpening.StatusCode);
        // Starting makes the key to scan, and still ends no session: nothing about signing in has changed yet.
        Assert.False(string.IsNullOrWhiteSpace(key));
        Assert.Equal(before.SecurityStamp, afterStarting.SecurityStamp);
        Assert.False(afterStarting.TwoFactorEnabled);
        Assert.Equal(HttpStatusCode.OK, elsewhereAfterStarting.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(key), shownAgain);
        // Turning it on does change how this account signs in: the other session ends, this one is signed in again.
        Assert.Equal(HttpStatusCode.Redirect, elsewhereAfterTurningOn.StatusCode);
        Assert.Contains("/Account/Login", elsewhereAfterTurningOn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, hereAfterTurningOn.StatusCode);
    }

    [Fact]
    public async Task The_same_code_used_twice_in_its_window_signs_in_the_first_time_and_is_refused_the_second()
    {
        // Its own app: it moves the clock.
        using var app = OwnApp();
        var key = await TurnOnAsync(await AdminAsync());
        // Half a minute on: a new time step, whose code nobody has used yet.
        _time.Advance(TimeSpan.FromSeconds(30));
        var code = Totp.Code(key, _time.GetUtcNow());

        var first = await SignInWithCodeAsync(TrainingApp.AdminEmail, TrainingApp.AdminPassword, code);
        _time.Advance(TimeSpan.FromSeconds(5));
        var second = await SignInWithCodeAsync(TrainingApp.AdminEmail, TrainingApp.AdminPassword, code);
        var next = await SignInWithCodeAsync(TrainingApp.AdminEmail, TrainingApp.AdminPassword, Totp.Code(key, _time.GetUtcNow().AddSeconds(30)));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/Staff", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("コードが違います", await second.Content.ReadAsStringAsync());
        // The next step's code (within the drift allowed either way) still works: only the spent one is refused.
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
    }

    [Fact]
    public async Task An_administrator_resets_a_colleagues_authenticator_after_a_confirmation_and_the_colleague_is_told_and_signed_out()
    {
        // Its own app: it moves the clock.
        using var app = OwnApp();
        await StaffSignInClient.CreateCoordinatorAsync(_app, ColleagueEmail, ColleaguePassword);
        var colleague = await StaffSignInClient.SignedInClientAsync(_app, ColleagueEmail, ColleaguePassword);
        await TurnOnAsync(colleague);
        var id = (await UserAsync(ColleagueEmail)).Id;
        var admin = await AdminAsync();

        var edit = await admin.GetStringAsync($"/Staff/Admin/Staff/Edit/{id}");
        var confirmation = await admin.GetStringAsync($"/Staff/Admin/Staff/Edit/{id}/ResetTwoFactor");
        var stillOnAfterAsking = (await UserAsync(ColleagueEmail)).TwoFactorEnabled;
        var colleagueAfterAsking = await NextRequestAsync(colleague, "/Staff");

        var reset = await Forms.PostAsync(admin, $"/Staff/Admin/Staff/Edit/{id}/ResetTwoFactor", new Dictionary<string, string>());
        var told = await admin.GetStringAsync(reset.Headers.Location!.OriginalString);
        var colleagueAfterReset = await NextRequestAsync(colleague, "/Staff");
        var passwordAlone = await StaffSignInClient.PostLoginAsync(_app.CreateBrowserLikeClient(), ColleagueEmail, ColleaguePassword);

        Assert.Contains($"/Staff/Admin/Staff/Edit/{id}/ResetTwoFactor", edit);
        Assert.Contains("data-testid=\"confirm-2fa-reset\"", confirmation);
        Assert.Contains(ColleagueEmail, confirmation);
        Assert.True(stillOnAfterAsking);
        Assert.Equal(HttpStatusCode.OK, colleagueAfterAsking.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Contains("認証アプリでのログインを解除しました", WebUtility.HtmlDecode(told));
        var user = await UserAsync(ColleagueEmail);
        Assert.False(user.TwoFactorEnabled);
        Assert.Null(await WithUsersAsync(users => users.GetAuthenticatorKeyAsync(user)));
        Assert.Equal(0, await WithUsersAsync(users => users.CountRecoveryCodesAsync(user)));
        // Every session of theirs ends; their password alone signs them in again, to set the app up anew.
        Assert.Equal(HttpStatusCode.Redirect, colleagueAfterReset.StatusCode);
        Assert.Contains("/Account/Login", colleagueAfterReset.Headers.Location!.OriginalString);
        Assert.Equal("/Staff", passwordAlone.Headers.Location!.OriginalString);
        await _app.WithDbAsync(async db =>
        {
            var entry = await db.AuditEntries.SingleAsync(a => a.Action == "staff-2fa-reset");
            Assert.Equal("コーディネーター", entry.TargetLabel);
            Assert.Equal((await UserAsync(TrainingApp.AdminEmail)).Id, entry.StaffUserId);
            var mail = await db.OutboundEmails.SingleAsync(e => e.TemplateName == "staff-2fa-reset");
            Assert.Equal(ColleagueEmail, mail.ToAddress);
            // The administrator by the name colleagues know, never by their sign-in address; and how to set it up again.
            Assert.Contains("管理者の管理者さんが", mail.TextBody);
            Assert.DoesNotContain(TrainingApp.AdminEmail, mail.TextBody);
            Assert.Contains("/Account/TwoFactor", mail.TextBody);
            Assert.Contains("設定を始める", mail.TextBody);
        });
    }

    [Fact]
    public async Task An_administrator_resets_no_authenticator_of_their_own_here_nor_of_a_colleague_without_one()
    {
        const string colleagueEmail = "without-app@test.example.jp";
        // The class's tests run one after another: mail written from here on is this test's.
        var mailBefore = await _app.WithDbAsync(db => db.OutboundEmails.MaxAsync(e => (long?)e.Id)) ?? 0;
        await StaffSignInClient.CreateCoordinatorAsync(_app, colleagueEmail, ColleaguePassword);
        var admin = await AdminAsync();
        var own = (await UserAsync(TrainingApp.AdminEmail)).Id;
        var colleague = (await UserAsync(colleagueEmail)).Id;

        var ownReset = await Forms.PostAsync(admin, $"/Staff/Admin/Staff/Edit/{own}/ResetTwoFactor", new Dictionary<string, string>());
        var ownAnswer = WebUtility.HtmlDecode(await admin.GetStringAsync(ownReset.Headers.Location!.OriginalString));
        var withoutReset = await Forms.PostAsync(admin, $"/Staff/Admin/Staff/Edit/{colleague}/ResetTwoFactor", new Dictionary<string, string>());
        var withoutAnswer = WebUtility.HtmlDecode(await admin.GetStringAsync(withoutReset.Headers.Location!.OriginalString));

        Assert.Contains("自分の認証アプリの設定は、「自分のアカウント」", ownAnswer);
        Assert.Contains("この職員は、認証アプリでのログインを使っていません。", withoutAnswer);
        Assert.Equal(0, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "staff-2fa-reset" && (a.EntityId == own || a.EntityId == colleague))));
        Assert.Equal(0, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.Id > mailBefore)));
    }

    [Fact]
    public async Task A_coordinator_cannot_reset_a_colleagues_authenticator()
    {
        const string coordinatorEmail = "no-reset@test.example.jp";
        await StaffSignInClient.CreateCoordinatorAsync(_app, coordinatorEmail, ColleaguePassword);
        var coordinator = await StaffSignInClient.SignedInClientAsync(_app, coordinatorEmail, ColleaguePassword);
        var admin = (await UserAsync(TrainingApp.AdminEmail)).Id;

        var page = await coordinator.GetAsync($"/Staff/Admin/Staff/Edit/{admin}/ResetTwoFactor");

        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
    }
}
